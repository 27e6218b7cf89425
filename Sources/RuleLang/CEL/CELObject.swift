/// An engine record seen from CEL (`entry`, `slot`): its declared type and its field values
/// in declaration order, so `entry.name` compiles to an array index. Immutable and shared
/// by reference, because the engine hands the same record to many expression evaluations.
public final class CELObject: Sendable {
    /// The record's type, with its field names in layout order.
    public let type: CELObjectType
    /// One value per field of `type`, in the same order. `null` means "not set": `has()`
    /// is false for it.
    public let fields: [Value]

    /// A record; `fields` must have one value per field of `type` (missing trailing fields
    /// are filled with `null`, extra ones dropped).
    public init(type: CELObjectType, fields: [Value]) {
        self.type = type
        if fields.count == type.fields.count {
            self.fields = fields
        } else {
            var adjusted = Array(fields.prefix(type.fields.count))
            adjusted.append(contentsOf: repeatElement(Value.null, count: type.fields.count - adjusted.count))
            self.fields = adjusted
        }
    }

    /// A record built from named field values; fields not given are `null`.
    public convenience init(type: CELObjectType, values: [String: Value]) {
        self.init(type: type, fields: type.fields.map { values[$0.name] ?? .null })
    }

    /// The value of a field by name, or nil when the type has no such field.
    public subscript(field name: String) -> Value? {
        type.fieldIndex(name).map { fields[$0] }
    }
}
