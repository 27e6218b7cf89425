/// The syntax tree of a rule file (`*.rules`), exactly as written: blocks, settings and
/// values, with every comment attached to the node it sits next to so the formatter can
/// put it back. Meaning (which keys exist, what type a value must have, defaults) is the
/// checker's business, not the parser's: the parser accepts any block and key names.
///
///     file     = { item } ;
///     item     = block | setting ;
///     block    = name [ label ] "{" { item } "}" ;
///     label    = name | string ;
///     setting  = name "=" value ;            (ends at the end of the line, or at ";" or "}")
///     value    = rule-literal | cel-expression ;
///
/// A value is first read as a rule literal (duration `15m`, time `19:30`, date
/// `2025-12-24`, time range `12:00-14:30`, weekday/enum name `tue`, or a list of those);
/// whatever is not one is read as a CEL expression (strings, numbers and booleans are CEL
/// constants). Both readings are kept when they exist, because only the checker knows
/// which one the setting wants.
public struct RuleFile: Sendable {
    public var source: SourceFile
    public var items: [RuleItem]
    /// Comments after the last item of the file.
    public var trailingComments: [RuleComment]
    /// Syntax errors (unclosed blocks, stray characters, ...). CEL syntax errors are not
    /// here: they are in the `RuleValue` and reported by the checker if CEL was wanted.
    public var diagnostics: [Diagnostic]

    public init(source: SourceFile, items: [RuleItem], trailingComments: [RuleComment], diagnostics: [Diagnostic]) {
        self.source = source
        self.items = items
        self.trailingComments = trailingComments
        self.diagnostics = diagnostics
    }
}

/// A `#` comment, without its line break; `text` includes the `#`.
public struct RuleComment: Sendable, Hashable {
    public var text: String
    public var range: SourceRange
    public init(text: String, range: SourceRange) { self.text = text; self.range = range }
}

/// What the formatter needs to put comments and blank lines back where they were.
public struct RuleTrivia: Sendable, Hashable {
    /// Whole-line comments directly above the node.
    public var leadingComments: [RuleComment] = []
    /// At least one blank line separated this node (or its leading comments) from what
    /// came before it. The formatter keeps one.
    public var blankLineBefore = false
    /// A comment on the same line, after the node (for a block: after its `{`).
    public var trailingComment: RuleComment?
    public init() {}
}

public enum RuleItem: Sendable {
    case block(RuleBlock)
    case setting(RuleSetting)

    public var range: SourceRange {
        switch self {
        case .block(let block): return block.range
        case .setting(let setting): return setting.range
        }
    }

    public var trivia: RuleTrivia {
        switch self {
        case .block(let block): return block.trivia
        case .setting(let setting): return setting.trivia
        }
    }
}

/// A name as written, with its place (block keywords, setting keys, unquoted labels).
public struct RuleName: Sendable, Hashable {
    public var text: String
    public var range: SourceRange
    public init(text: String, range: SourceRange) { self.text = text; self.range = range }
}

/// The label of a block: `service dinner { ... }` or `service "dîner" { ... }`.
public struct RuleLabel: Sendable, Hashable {
    /// The decoded label text.
    public var text: String
    public var range: SourceRange
    /// Written as a quoted string (kept so the formatter preserves the choice).
    public var quoted: Bool
    public init(text: String, range: SourceRange, quoted: Bool) { self.text = text; self.range = range; self.quoted = quoted }
}

/// `keyword [label] { items }`
public struct RuleBlock: Sendable {
    public var keyword: RuleName
    public var label: RuleLabel?
    public var items: [RuleItem]
    /// From the keyword to the closing brace (or to where the parser gave up).
    public var range: SourceRange
    /// False when the block was never closed; the checker then stays quiet about it.
    public var isClosed: Bool
    public var trivia: RuleTrivia
    /// Comments after the last item, before the closing `}`.
    public var innerTrailingComments: [RuleComment]

    public init(keyword: RuleName, label: RuleLabel?, items: [RuleItem], range: SourceRange, isClosed: Bool,
                trivia: RuleTrivia, innerTrailingComments: [RuleComment]) {
        self.keyword = keyword
        self.label = label
        self.items = items
        self.range = range
        self.isClosed = isClosed
        self.trivia = trivia
        self.innerTrailingComments = innerTrailingComments
    }
}

/// `key = value`
public struct RuleSetting: Sendable {
    public var key: RuleName
    public var value: RuleValue
    public var range: SourceRange
    public var trivia: RuleTrivia

    public init(key: RuleName, value: RuleValue, range: SourceRange, trivia: RuleTrivia) {
        self.key = key
        self.value = value
        self.range = range
        self.trivia = trivia
    }
}

/// The right-hand side of a setting, read both ways (see `RuleFile`).
public struct RuleValue: Sendable {
    /// The exact source span of the value (without a trailing comment).
    public var range: SourceRange
    /// The value read as a rule literal, when the whole span is one.
    public var literal: RuleLiteral?
    /// The value read as CEL, when that parse succeeded.
    public var expression: CELExpr?
    /// The CEL parser's diagnostics, reported only if the setting wanted an expression.
    public var expressionDiagnostics: [Diagnostic]

    public init(range: SourceRange, literal: RuleLiteral?, expression: CELExpr?, expressionDiagnostics: [Diagnostic]) {
        self.range = range
        self.literal = literal
        self.expression = expression
        self.expressionDiagnostics = expressionDiagnostics
    }
}

/// A literal of the rule language proper (not CEL), with its place.
public struct RuleLiteral: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        /// `15m`, `1h30m`, `2d`, `45s`, `250ms`; stored in milliseconds.
        case duration(milliseconds: Int64)
        /// `19:30`; minutes since midnight (0...1439; `24:00` is 1440, allowed as a range end).
        case timeOfDay(minutes: Int)
        /// `2025-12-24`
        case date(year: Int, month: Int, day: Int)
        /// `12:00-14:30` (also written `12:00..14:30`); `to` may be before `from` for
        /// ranges that cross midnight, such as quiet hours `22:00-08:00`.
        case timeRange(from: Int, to: Int)
        /// A bare name: a weekday (`tue`), or an enum value (`sequential`).
        case symbol(String)
        /// `[a, b, c]` of the above.
        case list([RuleLiteral])
    }

    public var kind: Kind
    public var range: SourceRange
    public init(kind: Kind, range: SourceRange) { self.kind = kind; self.range = range }
}
