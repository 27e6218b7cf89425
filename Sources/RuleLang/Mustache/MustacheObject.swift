/// The object (map) case of `MustacheValue`. Keys keep their insertion order so data
/// built in code or from a rule file prints and compares predictably, while lookups,
/// which is all rendering does, stay dictionary-fast.

/// A string-keyed map that remembers the order its keys were first given in.
public struct MustacheObject: Sendable, Hashable {
    /// The keys, in insertion order.
    public private(set) var keys: [String] = []
    private var storage: [String: MustacheValue] = [:]

    /// An empty object.
    public init() {}

    /// An object from key-value pairs. A repeated key keeps its first position and its
    /// last value, as in JSON parsers that accept duplicates.
    public init(_ pairs: some Sequence<(String, MustacheValue)>) {
        for (key, value) in pairs { self[key] = value }
    }

    /// The value for `key`, or nil when absent. Setting nil removes the key.
    public subscript(key: String) -> MustacheValue? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// How many keys the object has.
    public var count: Int { keys.count }

    /// Whether the object has no keys.
    public var isEmpty: Bool { keys.isEmpty }

    /// The entries in key order.
    public var entries: [(key: String, value: MustacheValue)] {
        keys.map { ($0, storage[$0]!) }
    }
}
