/// Which Google events make the establishment busy, and by how much. This is the one place
/// that decides it, for the sync and for the capacity re-check alike:
/// - `status: "cancelled"` events are gone;
/// - all-day events (`start.date`) are notes or closures, not bookings: ignored;
/// - `transparency: "transparent"` events show the time as available: ignored;
/// - when the guests (attendees who are neither the organizer nor a room) include a
///   `declined` and no `accepted` one, the booking was turned down: the slot is free;
/// - a missing `end` lasts `defaultDuration` (30 minutes), as a booking without a length;
/// - party size and resource come from `extendedProperties.private.speedaiParty` /
///   `speedaiResource` (1 and "" when absent), like `X-SPEEDAI-PARTY` in the tapes.
import Runtime

/// Turns an event resource into the busy interval it stands for.
enum GoogleBusyRule {
    /// What an event without `end` is assumed to last.
    static let defaultDuration: Int64 = 30 * 60

    /// The busy interval of `event`, or nil when it does not make anyone busy (or its times
    /// cannot be read). Floating times use the event's own `timeZone`, else `calendarZone`.
    static func busy(_ event: GoogleEventResource, calendarZone: ZoneConverter) -> GoogleCachedEvent? {
        if event.status == "cancelled" || event.transparency == "transparent" { return nil }
        guard let start = event.start, start.date == nil, let startText = start.dateTime,
              let startInstant = GoogleTime.parse(startText, zone: zone(of: start, fallback: calendarZone)) else { return nil }
        var endInstant = startInstant + .seconds(defaultDuration)
        if let end = event.end, let endText = end.dateTime,
           let parsed = GoogleTime.parse(endText, zone: zone(of: end, fallback: zone(of: start, fallback: calendarZone))) {
            endInstant = parsed
        }
        guard startInstant < endInstant, !guestDeclined(event.attendees ?? []) else { return nil }
        let properties = event.extendedProperties?.private ?? [:]
        let units = properties["speedaiParty"].flatMap { Int($0) }.map { max(1, $0) } ?? 1
        let uid = properties["speedai"] == "1" ? properties["speedaiUID"] : nil
        return GoogleCachedEvent(busyID: uid.flatMap { $0.isEmpty ? nil : $0 } ?? event.id,
                                 start: startInstant.seconds, end: endInstant.seconds,
                                 resource: properties["speedaiResource"] ?? "", units: units)
    }

    /// Whether the booking's guests turned it down: some declined, none accepted.
    static func guestDeclined(_ attendees: [GoogleAttendee]) -> Bool {
        let guests = attendees.filter { $0.organizer != true && $0.resource != true }
        return guests.contains { $0.responseStatus == "declined" } && !guests.contains { $0.responseStatus == "accepted" }
    }

    private static func zone(of time: GoogleEventTime, fallback: ZoneConverter) -> ZoneConverter {
        time.timeZone.flatMap { ZoneConverter(identifier: $0) } ?? fallback
    }
}

/// What the sync state keeps of a busy event: enough to rebuild the busy list.
struct GoogleCachedEvent: Codable, Equatable, Sendable {
    /// Our uid (`speedai-booking-N`) for our own events, else Google's event id.
    var busyID: String
    /// Unix seconds.
    var start: Int64
    var end: Int64
    var resource: String
    var units: Int

    var interval: BusyInterval {
        BusyInterval(id: busyID, start: Instant(seconds: start), end: Instant(seconds: end), resource: resource, units: units)
    }
}
