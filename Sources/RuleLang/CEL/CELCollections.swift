/// Indexing (`list[i]`, `map[k]`), membership (`x in list`, `k in map`) and field
/// selection (`map.key`, `record.field`, `has(...)`) on collections and engine records.
enum CELCollections {
    static func index(_ container: Value, _ key: Value) throws(CELEvalError) -> Value {
        switch container {
        case .list(let items):
            let position: Int64
            switch key {
            case .int(let value): position = value
            case .uint(let value): position = value > UInt64(Int64.max) ? Int64.max : Int64(value)
            case .double(let value):
                guard value.rounded(.towardZero) == value, value > -9.3e18, value < 9.2e18 else {
                    throw .failure("a list index must be a whole number, not \(Value.double(value).celDescription)")
                }
                position = Int64(value)
            default: throw .failure("a list index must be an int, not \(key.kindWithArticle)")
            }
            guard position >= 0, position < Int64(items.count) else {
                throw .failure("index \(position) is out of range for a list of \(items.count)")
            }
            return items[Int(position)]
        case .map(let map):
            switch key {
            case .int, .uint, .double, .bool, .string: break
            default: throw .failure("a map key must be an int, uint, bool or string, not \(key.kindWithArticle)")
            }
            guard let value = map[key] else { throw .failure("no such key \(describeKey(key))") }
            return value
        default:
            throw .failure("only lists and maps can be indexed with [], not \(container.kindWithArticle)")
        }
    }

    static func contains(_ element: Value, _ container: Value) throws(CELEvalError) -> Value {
        switch container {
        case .list(let items):
            for item in items where item.celEquals(element) { return .bool(true) }
            return .bool(false)
        case .map(let map): return .bool(map.contains(element))
        default: throw .failure("'in' needs a list or a map on its right, not \(container.kindWithArticle)")
        }
    }

    /// `operand.field` on a map (a key lookup) or a record (a field by name).
    static func select(_ operand: Value, field: String) throws(CELEvalError) -> Value {
        switch operand {
        case .map(let map):
            guard let value = map[.string(field)] else { throw .failure("no such key '\(field)'") }
            return value
        case .object(let object):
            guard let value = object[field: field] else { throw noField(field, on: object) }
            return value
        default:
            throw .failure("cannot read field '\(field)' of \(operand.kindWithArticle)")
        }
    }

    /// `has(operand.field)`: a map has the key, or a record's field is set (not null).
    static func has(_ operand: Value, field: String) throws(CELEvalError) -> Value {
        switch operand {
        case .map(let map): return .bool(map.contains(.string(field)))
        case .object(let object):
            guard let value = object[field: field] else { throw noField(field, on: object) }
            if case .null = value { return .bool(false) }
            return .bool(true)
        default:
            throw .failure("has() needs a map or a record, not \(operand.kindWithArticle)")
        }
    }

    static func noField(_ field: String, on object: CELObject) -> CELEvalError {
        var message = "\(object.type.name) has no field '\(field)'"
        if let suggestion = Suggestions.closest(to: field, among: object.type.fields.map(\.name)) {
            message += " (did you mean '\(suggestion)'?)"
        }
        return .failure(message)
    }

    /// A key as messages show it: `'email'` for strings, `3` for numbers.
    static func describeKey(_ key: Value) -> String {
        if case .string(let text) = key { return "'\(text)'" }
        return key.celDescription
    }
}
