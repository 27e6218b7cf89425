/// Tokens of the CEL lexer.
public struct CELToken: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case identifier(String)
        case int(Int64)
        /// A decimal or hex integer too large for Int64 without a sign; only valid right
        /// after a unary minus (`-9223372036854775808`). Kept as its magnitude.
        case intMagnitude(UInt64)
        case uint(UInt64)
        case double(Double)
        case string(String)
        case bytes([UInt8])
        case `true`, `false`, null, `in`
        case punctuation(String)
        /// Bytes the lexer could not make sense of; the diagnostic is already recorded.
        case invalid
        case endOfInput
    }

    public var kind: Kind
    public var range: SourceRange
    /// A line break (outside comments) lies between the previous token and this one.
    /// In rule files a value ends at the end of its line, so the parser needs this.
    public var followsNewline: Bool
}
