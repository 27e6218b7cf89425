/// The rule language's schema: which blocks exist, where, with which label, and which
/// keys they hold with type, default, bounds and a one-line summary. It is data, not
/// code, and the single source for the checker ("unknown key, did you mean ..."), the
/// compiler's defaults, `docs/rules.md` (a test compares the generated tables) and the
/// command line's `--help`. The table itself is in `RuleSchema+Table.swift`.
public enum RuleSchema {
    /// The top-level blocks, in the order the documentation and the default file use.
    public static var blocks: [BlockSchema] { table }

    /// The top-level block with this keyword.
    public static func block(_ keyword: String) -> BlockSchema? {
        table.first { $0.keyword == keyword }
    }

    /// A block by its path of keywords, e.g. `["slots", "service"]`.
    public static func block(path: [String]) -> BlockSchema? {
        guard let first = path.first, var block = block(first) else { return nil }
        for keyword in path.dropFirst() {
            guard let child = block.child(keyword) else { return nil }
            block = child
        }
        return block
    }

    /// Every block with its path, depth first.
    public static var allBlocks: [(path: [String], block: BlockSchema)] {
        var result: [(path: [String], block: BlockSchema)] = []
        func visit(_ block: BlockSchema, _ prefix: [String]) {
            let path = prefix + [block.keyword]
            result.append((path, block))
            for child in block.blocks { visit(child, path) }
        }
        for block in table { visit(block, []) }
        return result
    }

    /// The blocks (as display paths like `offers` or `slots > service`) that have a key
    /// of this name, for "'timeout' belongs in block 'offers'".
    public static func blocks(havingKey key: String) -> [[String]] {
        allBlocks.filter { $0.block.key(key) != nil }.map(\.path)
    }
}

/// One kind of block: `offers { ... }`, `service dinner { ... }`.
public struct BlockSchema: Sendable {
    /// The word that opens the block.
    public var keyword: String
    /// Whether and how the block is labelled.
    public var label: LabelRule
    /// One line for documentation and `--help`.
    public var summary: String
    /// The settings it holds, in documentation order.
    public var keys: [KeySchema]
    /// Blocks nested in it.
    public var blocks: [BlockSchema]

    /// Declares an entry of the schema table.
    public init(_ keyword: String, label: LabelRule = .none, summary: String, keys: [KeySchema], blocks: [BlockSchema] = []) {
        self.keyword = keyword
        self.label = label
        self.summary = summary
        self.keys = keys
        self.blocks = blocks
    }

    /// The key with this name.
    public func key(_ name: String) -> KeySchema? { keys.first { $0.name == name } }

    /// The nested block with this keyword.
    public func child(_ keyword: String) -> BlockSchema? { blocks.first { $0.keyword == keyword } }

    /// How many times the block may appear: once without a label, once per label otherwise.
    public var isLabelled: Bool {
        if case .none = label { return false }
        return true
    }
}

/// Labels of a block.
public enum LabelRule: Sendable, Hashable {
    /// No label: the block appears at most once.
    case none
    /// Any name (0..n blocks, one per label); the example is shown in messages.
    case name(example: String)
    /// One of a fixed set of names (each at most once).
    case oneOf([String])
}

/// One setting of a block.
public struct KeySchema: Sendable {
    /// The key as written in rule files.
    public var name: String
    /// What values the key takes.
    public var type: RuleValueType
    /// The value when the file does not set the key.
    public var defaultValue: RuleDefault
    /// One line for documentation, `--help` and the default file's comments.
    public var summary: String

    /// Declares an entry of the schema table.
    public init(_ name: String, _ type: RuleValueType, default defaultValue: RuleDefault, _ summary: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.summary = summary
    }
}
