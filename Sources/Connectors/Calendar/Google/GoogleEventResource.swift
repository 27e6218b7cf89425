/// The fields of a Calendar API event resource (and of an events.list page) that decide
/// whether it makes the establishment busy. Every field is optional because Google omits
/// what is unset, and a cancelled event in an incremental sync carries only `id` and
/// `status` ("only the id and status fields are guaranteed" for deleted events).

/// One page of `GET /calendars/{id}/events`.
struct GoogleEventList: Decodable {
    var items: [GoogleEventResource]?
    /// More results: pass as `pageToken`.
    var nextPageToken: String?
    /// Present on the last page only: the token for the next incremental sync.
    var nextSyncToken: String?
    /// The calendar's zone, for floating times.
    var timeZone: String?
}

/// One event (with `singleEvents=true`, one occurrence of a recurring event).
struct GoogleEventResource: Decodable {
    var id: String
    /// `confirmed`, `tentative` or `cancelled`.
    var status: String?
    var start: GoogleEventTime?
    var end: GoogleEventTime?
    /// `opaque` (default: busy) or `transparent` (shown as available).
    var transparency: String?
    var attendees: [GoogleAttendee]?
    var extendedProperties: GoogleExtendedProperties?
}

/// `start` / `end`: exactly one of `date` (all-day) and `dateTime`.
struct GoogleEventTime: Decodable {
    /// `2025-01-17`: an all-day event.
    var date: String?
    /// RFC 3339, with an offset unless `timeZone` is given.
    var dateTime: String?
    /// IANA zone name (`Europe/Paris`).
    var timeZone: String?
}

/// One attendee's answer.
struct GoogleAttendee: Decodable {
    var email: String?
    var organizer: Bool?
    /// A room or other resource rather than a person.
    var resource: Bool?
    /// `needsAction`, `declined`, `tentative`, `accepted`.
    var responseStatus: String?
}

/// `extendedProperties`: string-to-string maps.
struct GoogleExtendedProperties: Decodable {
    /// Visible to this copy of the event only: where we keep uid, party size and resource.
    var `private`: [String: String]?
    var shared: [String: String]?
}
