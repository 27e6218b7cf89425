/// The error `RRule.parse` throws: what is wrong with a recurrence rule, where in the
/// rule text, and how to fix it, ready to become a located diagnostic in the .ics file.
import RuleLang

/// A recurrence rule that cannot be read, with the byte range of the offending part.
public struct RRuleSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Plain-English description, e.g. `BYMONTHDAY value 32 is out of range`.
    public var message: String
    /// Byte range within the rule text (the part after `RRULE:`).
    public var range: SourceRange
    /// A fix or "did you mean" suggestion, when one is likely.
    public var help: String?

    /// An error about the rule text in `range`.
    public init(_ message: String, at range: SourceRange, help: String? = nil) {
        self.message = message
        self.range = range
        self.help = help
    }

    /// The message.
    public var description: String { message }
}
