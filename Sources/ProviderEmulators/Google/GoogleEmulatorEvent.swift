/// An event as the Google Calendar emulator stores it, with the fields of the Calendar v3
/// event resource that the service reads or writes (`id`, `status`, `summary`, `start`, `end`,
/// `transparency`, `attendees`, `extendedProperties.private`) plus the server's bookkeeping
/// (`created`, `updated`, `sequence`, and the change number behind sync tokens).
import Connectors
import Runtime

/// `start` / `end` of an event: `dateTime` (RFC 3339, offset optional when `timeZone` is
/// given) or `date` (all-day).
public struct GoogleEmulatorEventTime: Sendable, Equatable {
    public var dateTime: String?
    public var date: String?
    public var timeZone: String?

    /// A time from its parts.
    public init(dateTime: String? = nil, date: String? = nil, timeZone: String? = nil) {
        self.dateTime = dateTime; self.date = date; self.timeZone = timeZone
    }

    /// A timed start or end, absolute (`Z`), from an instant.
    public static func at(_ instant: Instant) -> GoogleEmulatorEventTime {
        GoogleEmulatorEventTime(dateTime: GoogleTime.format(instant))
    }
}

/// One attendee and their answer (`needsAction`, `declined`, `tentative`, `accepted`).
public struct GoogleEmulatorAttendee: Sendable, Equatable {
    public var email: String
    public var organizer: Bool
    public var responseStatus: String

    /// An attendee from its parts.
    public init(email: String, organizer: Bool = false, responseStatus: String = "needsAction") {
        self.email = email; self.organizer = organizer; self.responseStatus = responseStatus
    }
}

/// One stored event.
public struct GoogleEmulatorEvent: Sendable, Equatable {
    /// Base32hex id, chosen by the client or the emulator.
    public var id: String
    /// `confirmed`, `tentative` or `cancelled` (deleted events stay, cancelled, for sync).
    public var status: String
    public var summary: String
    public var start: GoogleEmulatorEventTime
    /// Nil only for events written by other clients through the test hooks.
    public var end: GoogleEmulatorEventTime?
    /// `opaque` or `transparent`; nil is opaque.
    public var transparency: String?
    public var attendees: [GoogleEmulatorAttendee]
    /// `extendedProperties.private`.
    public var privateProperties: [String: String]
    /// Server-set: when it was created and last changed, and how often it changed.
    public internal(set) var created = Instant(seconds: 0)
    public internal(set) var updated = Instant(seconds: 0)
    public internal(set) var sequence = 0
    /// The calendar's change counter when this event last changed (sync tokens compare it).
    var changeNumber = 0

    /// An event from its parts (server fields are set when stored).
    public init(id: String = "", status: String = "confirmed", summary: String = "", start: GoogleEmulatorEventTime,
                end: GoogleEmulatorEventTime?, transparency: String? = nil, attendees: [GoogleEmulatorAttendee] = [],
                privateProperties: [String: String] = [:]) {
        self.id = id; self.status = status; self.summary = summary; self.start = start; self.end = end
        self.transparency = transparency; self.attendees = attendees; self.privateProperties = privateProperties
    }

    /// A plain timed event on [start, end), for tests.
    public static func timed(id: String = "", summary: String = "", start: Instant, end: Instant,
                             privateProperties: [String: String] = [:]) -> GoogleEmulatorEvent {
        GoogleEmulatorEvent(id: id, summary: summary, start: .at(start), end: .at(end), privateProperties: privateProperties)
    }
}
