/// What rule expressions can see: the CEL variables `entry`, `slot` and `now` with the
/// record types `Entry` and `Slot` the engine fills in. The checker type-checks against
/// this, the evaluator binds values in the same field order, and the documentation and
/// `eval --help` list it from here.
public enum RuleEnvironment {
    /// The waitlist entry being considered (record type `Entry`).
    public static let entryType = CELObjectType(name: "Entry", fields: [
        .init("id", .string, "the entry's id"),
        .init("phone", .string, "the customer's phone number, E.164 (+33...)"),
        .init("first_name", .string, "first name"),
        .init("last_name", .string, "last name"),
        .init("email", .string, "email address, \"\" when not given"),
        .init("party_size", .int, "number of people (covers) or bookings wanted"),
        .init("requested", .timestamp, "the slot asked for on the phone"),
        .init("slots", .list(.timestamp), "the slots the customer ticked on the waitlist page"),
        .init("service", .string, "service label of the requested slot, e.g. \"dinner\""),
        .init("joined_at", .timestamp, "when the customer joined the waitlist"),
        .init("source", .string, "where the entry came from, e.g. \"phone\" or \"web\""),
        .init("offers", .int, "offers received so far"),
        .init("declines", .int, "offers declined so far"),
        .init("visits", .int, "past confirmed bookings of this phone number here"),
        .init("priority", .int, "manual adjustment from the dashboard, 0 by default"),
    ])

    /// The freed slot being offered (record type `Slot`).
    public static let slotType = CELObjectType(name: "Slot", fields: [
        .init("start", .timestamp, "when the slot starts"),
        .init("end", .timestamp, "when the slot ends"),
        .init("service", .string, "service label, e.g. \"dinner\""),
        .init("resource", .string, "resource label, \"\" without resources"),
        .init("capacity", .int, "bookings the slot takes"),
        .init("free", .int, "capacity left for a booking here: the fewest free places over its `booking_length`"),
    ])

    /// A variable visible to every rule expression.
    public struct Variable: Sendable, Hashable {
        /// The variable name as expressions write it.
        public var name: String
        /// The variable's CEL type.
        public var type: CELType
        /// One line for documentation and `--help`.
        public var summary: String
    }

    /// `entry`, `slot` and `now`.
    public static let variables: [Variable] = [
        Variable(name: "entry", type: .object("Entry"), summary: "the waitlist entry (customer) being considered"),
        Variable(name: "slot", type: .object("Slot"), summary: "the freed slot"),
        Variable(name: "now", type: .timestamp, summary: "the current time"),
    ]

    /// The CEL environment every rule expression is checked in.
    public static let cel = CELEnvironment(
        variables: Dictionary(uniqueKeysWithValues: variables.map { ($0.name, $0.type) }),
        objectTypes: [entryType, slotType])
}
