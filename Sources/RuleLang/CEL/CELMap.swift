/// CEL map values: entries kept in insertion order (so printing is stable) plus a hash
/// index on a normalised key. CEL's numeric keys are one key space — `{1: 'a'}[1u]` and
/// `{1: 'a'}[1.0]` both find the entry — so ints, uints and integral doubles normalise to
/// the same index key. Strings compare by code points, never by Unicode canonical
/// equivalence (Swift's `String ==`), as the spec requires.
public struct CELMap: Sendable {
    /// One reference, so a `Value` holding a map stays two words wide; copied on write.
    private var storage: Storage

    private final class Storage: @unchecked Sendable {
        // Mutated only while uniquely referenced (see `makeUnique`), so sharing is safe.
        var keys: [Value] = []
        var values: [Value] = []
        var index: [CELMapKey: Int] = [:]

        init() {}

        init(copying other: Storage) {
            keys = other.keys
            values = other.values
            index = other.index
        }
    }

    /// An empty map.
    public init() { storage = Storage() }

    /// A map from key/value pairs. Keys must be int, uint, bool or string, and unique.
    public init(_ entries: [(key: Value, value: Value)]) throws(CELEvalError) {
        storage = Storage()
        storage.keys.reserveCapacity(entries.count)
        storage.values.reserveCapacity(entries.count)
        for (key, value) in entries { try insert(value, forKey: key) }
    }

    /// A map with string keys, e.g. from a JSON object.
    public init(strings entries: [(String, Value)]) {
        storage = Storage()
        for (key, value) in entries { try? setValue(value, forKey: .string(key)) }
    }

    /// The keys, in insertion order.
    public var keys: [Value] { storage.keys }
    /// The values, parallel to `keys`.
    public var values: [Value] { storage.values }

    /// The number of entries.
    public var count: Int { storage.keys.count }
    /// Whether the map has no entries.
    public var isEmpty: Bool { storage.keys.isEmpty }

    /// The entries in insertion order.
    public var entries: Zip2Sequence<[Value], [Value]> { zip(storage.keys, storage.values) }

    /// The value stored under `key`, with CEL's cross-numeric key matching; nil when absent
    /// (also for keys that can never be map keys, such as `1.5` or a list).
    public subscript(key: Value) -> Value? {
        guard let normalised = CELMapKey(lookup: key), let position = storage.index[normalised] else { return nil }
        return storage.values[position]
    }

    /// Whether `key` is present.
    public func contains(_ key: Value) -> Bool { self[key] != nil }

    /// Adds an entry; a key already present is an error, as in a CEL map literal.
    public mutating func insert(_ value: Value, forKey key: Value) throws(CELEvalError) {
        let normalised = try CELMapKey.forStoring(key)
        if storage.index[normalised] != nil {
            throw .failure("the map has the key \(key.celDescription) twice")
        }
        makeUnique()
        storage.index[normalised] = storage.keys.count
        storage.keys.append(key)
        storage.values.append(value)
    }

    /// Adds or replaces an entry.
    public mutating func setValue(_ value: Value, forKey key: Value) throws(CELEvalError) {
        let normalised = try CELMapKey.forStoring(key)
        makeUnique()
        if let position = storage.index[normalised] {
            storage.values[position] = value
            return
        }
        storage.index[normalised] = storage.keys.count
        storage.keys.append(key)
        storage.values.append(value)
    }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(copying: storage) }
    }
}

/// A map key with the numeric kinds unified: every integral number in Int64 range is
/// `.int`, larger uints are `.uint`.
enum CELMapKey: Hashable, Sendable {
    case int(Int64)
    case uint(UInt64)
    case bool(Bool)
    case string(CELCodePointString)

    /// The index key of a key being stored; only int, uint, bool and string are allowed.
    static func forStoring(_ key: Value) throws(CELEvalError) -> CELMapKey {
        switch key {
        case .int, .uint, .bool, .string: return CELMapKey(lookup: key)!
        default: throw .failure("a map key must be an int, uint, bool or string, not \(key.kindWithArticle)")
        }
    }

    /// The index key to look `key` up with; nil when no stored key can match it.
    init?(lookup key: Value) {
        switch key {
        case .int(let value): self = .int(value)
        case .uint(let value): self = value <= UInt64(Int64.max) ? .int(Int64(value)) : .uint(value)
        case .double(let value):
            guard value.rounded(.towardZero) == value else { return nil }
            if value >= -9_223_372_036_854_775_808.0 && value < 9_223_372_036_854_775_808.0 {
                self = .int(Int64(value))
            } else if value >= 0 && value < 18_446_744_073_709_551_616.0 {
                self = .uint(UInt64(value))
            } else {
                return nil
            }
        case .bool(let value): self = .bool(value)
        case .string(let value): self = .string(CELCodePointString(value))
        default: return nil
        }
    }
}

/// A string that hashes and compares by its UTF-8 bytes (that is, by code points), unlike
/// Swift's `String`, which treats `"é"` and `"e\u{301}"` as equal.
struct CELCodePointString: Hashable, Sendable {
    let value: String

    init(_ value: String) { self.value = value }

    static func == (a: CELCodePointString, b: CELCodePointString) -> Bool {
        CELStrings.sameCodePoints(a.value, b.value)
    }

    func hash(into hasher: inout Hasher) {
        var copy = value
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
