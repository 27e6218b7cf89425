/// The slot vocabulary shared by the slot calendar and the waitlist engine: which slot
/// (`SlotKey`), its extent and capacity (`SlotInfo`), what the calendar says is taken
/// (`BusyInterval`), and the answers the calendar gives (`FreedSlot`, `Alternative`).
/// They are plain values so engine state holding them stays `Codable` and comparable.

/// One bookable slot of the establishment: a service window cut into slot-length pieces.
public struct SlotKey: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// When the slot begins.
    public var start: Instant
    /// The label of the service the slot belongs to (`dinner`, `coupe`).
    public var service: String
    /// The label of the resource (staff member, room) the slot is on; "" without resources.
    public var resource: String

    /// A slot key from its parts.
    public init(start: Instant, service: String, resource: String = "") {
        self.start = start
        self.service = service
        self.resource = resource
    }

    /// Chronological, then by service label, then by resource label: a total order, so
    /// anything sorted by it is deterministic.
    public static func < (a: SlotKey, b: SlotKey) -> Bool {
        if a.start != b.start { return a.start < b.start }
        if a.service != b.service { return a.service < b.service }
        return a.resource < b.resource
    }

    /// `2025-01-18T18:30:00Z dinner` or `... coupe/julie`, for transcripts and test failures.
    public var description: String {
        resource.isEmpty ? "\(start) \(service)" : "\(start) \(service)/\(resource)"
    }
}

/// A slot with its extent and how many bookings it takes.
public struct SlotInfo: Sendable, Hashable, CustomStringConvertible {
    /// Which slot.
    public var key: SlotKey
    /// When the slot ends (exclusive): start plus the service's slot length.
    public var end: Instant
    /// Bookings (or covers) the slot takes in all, on its resource when it has one.
    public var capacity: Int

    /// A slot from its parts.
    public init(key: SlotKey, end: Instant, capacity: Int) {
        self.key = key
        self.end = end
        self.capacity = capacity
    }

    /// Shorthand for `key.start`.
    public var start: Instant { key.start }

    /// The slot and its capacity, for test failures.
    public var description: String { "\(key) until \(end) (capacity \(capacity))" }
}

/// A busy interval from the calendar (a booking). `units` is how much capacity it takes
/// (party size for covers-based restaurants, 1 otherwise).
public struct BusyInterval: Sendable, Hashable, Codable {
    /// The calendar's id for the booking, stable across moves.
    public var id: String
    /// When the booking begins.
    public var start: Instant
    /// When the booking ends (exclusive).
    public var end: Instant
    /// The resource the booking is on; "" for the whole establishment (every resource).
    public var resource: String
    /// Capacity taken in every slot the booking overlaps.
    public var units: Int

    /// A busy interval from its parts.
    public init(id: String, start: Instant, end: Instant, resource: String = "", units: Int = 1) {
        self.id = id
        self.start = start
        self.end = end
        self.resource = resource
        self.units = units
    }
}

/// A slot whose free capacity went up between two calendar states.
public struct FreedSlot: Sendable, Hashable {
    /// The slot.
    public var slot: SlotInfo
    /// Free capacity in the earlier state.
    public var freeBefore: Int
    /// Free capacity in the later state; always more than `freeBefore`.
    public var freeAfter: Int

    /// A freed slot from its parts.
    public init(slot: SlotInfo, freeBefore: Int, freeAfter: Int) {
        self.slot = slot
        self.freeBefore = freeBefore
        self.freeAfter = freeAfter
    }
}

/// One alternative slot the public page proposes next to the requested one. Full slots
/// are included too (the customer may wait for them); `free` says how much is left.
public struct Alternative: Sendable, Hashable {
    /// The proposed slot.
    public var slot: SlotInfo
    /// Its free capacity given the calendar's busy intervals, never negative.
    public var free: Int

    /// An alternative from its parts.
    public init(slot: SlotInfo, free: Int) {
        self.slot = slot
        self.free = free
    }
}

/// Why a slot calendar cannot be built from a rule set.
public enum SlotCalendarError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The establishment's `timezone` is not a known IANA time zone.
    case unknownTimeZone(String)

    /// A sentence for the establishment admin.
    public var description: String {
        switch self {
        case .unknownTimeZone(let name):
            return "the establishment's time zone '\(name)' is not a known time zone; "
                + "use an IANA name such as \"Europe/Paris\""
        }
    }
}
