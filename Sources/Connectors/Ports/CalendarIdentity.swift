/// How one installation names the bookings and holds it writes into a calendar, and how it
/// recognises them when the calendar reports them back.
///
/// The engine calls its booking for entry N `speedai-booking-N`; that is unique only inside one
/// data folder. A calendar may be shared by two establishments, or outlive a data folder (a
/// reinstall), so the id written into the calendar also carries the installation (drawn once and
/// stored with the data) and the establishment: `speedai-booking-<installation>-<business>-N`.
/// Reading the calendar maps those back to the engine's ids, and gives every other `speedai-…`
/// id a name the engine can never take for its own: someone else's booking is counted as busy,
/// never as a booking of ours the calendar has confirmed.
import Runtime

/// The calendar names of one business's own bookings and holds.
public struct CalendarIdentity: Sendable, Equatable {
    /// The installation id (12 hex digits, drawn when the database was created).
    public let installation: String
    /// The establishment.
    public let business: String
    /// Entries numbered below this were booked before installation ids existed, under the
    /// engine's own `speedai-booking-N`: those events in the calendar are still ours.
    public let legacyBelow: Int

    /// An identity from its parts.
    public init(installation: String, business: String, legacyBelow: Int = 0) {
        self.installation = installation
        self.business = business
        self.legacyBelow = legacyBelow
    }

    /// Prefix of ids given to other installations' or unknown `speedai-…` events on reading.
    public static let foreignPrefix = "other:"

    /// The calendar id of the booking of `entryID`.
    public func bookingUID(entryID: Int) -> String { "speedai-booking-\(installation)-\(business)-\(entryID)" }

    /// The calendar id of the hold of `entryID` (starts with `EngineEffect.holdIDPrefix`, so
    /// every reader keeps treating it as a hold).
    public func holdUID(entryID: Int) -> String { "\(EngineEffect.holdIDPrefix)\(installation)-\(business)-\(entryID)" }

    /// What a write carries to prove it is ours when its id is found taken: the installation,
    /// the establishment and the outbox row.
    public func marker(outboxID: Int64) -> String { "\(installation)/\(business)/\(outboxID)" }

    /// The busy list as the engine must see it: our bookings under the engine's ids, holds
    /// as they are (nobody counts holds), every other `speedai-` id renamed.
    public func engineBusy(_ busy: [BusyInterval]) -> [BusyInterval] {
        busy.map { interval in
            var mapped = interval
            mapped.id = engineID(interval.id)
            return mapped
        }
    }

    /// The engine's id for a calendar id (see `engineBusy`).
    public func engineID(_ uid: String) -> String {
        guard uid.hasPrefix("speedai-") else { return uid }
        if uid.hasPrefix(EngineEffect.holdIDPrefix) { return uid }
        let ours = "speedai-booking-\(installation)-\(business)-"
        if uid.hasPrefix(ours) {
            let engineID = "speedai-booking-" + uid.dropFirst(ours.count)
            if EngineEffect.entryID(ofBooking: engineID) != nil { return engineID }
        }
        if let entry = EngineEffect.entryID(ofBooking: uid), entry < legacyBelow { return uid }
        return Self.foreignPrefix + uid
    }
}
