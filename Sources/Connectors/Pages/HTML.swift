/// Markup that is safe to send, built so that escaping cannot be forgotten: string literals
/// written in this module are trusted markup, and every `String` interpolated into one is
/// HTML-escaped. Only another `HTML` value is inserted as is.

/// A fragment of HTML whose every interpolated text has been escaped.
struct HTML: ExpressibleByStringInterpolation, Sendable, Equatable {
    /// The markup itself.
    private(set) var markup: String

    /// Nothing; inserting it adds no characters.
    static let empty = HTML(trusted: "")

    /// Markup written in this module's source (a literal), never from input.
    init(stringLiteral value: String) {
        markup = value
    }

    init(stringInterpolation: Interpolation) {
        markup = stringInterpolation.markup
    }

    private init(trusted markup: String) {
        self.markup = markup
    }

    /// The fragments one per line, skipping empty ones, so optional parts leave no blank lines.
    static func lines(_ fragments: [HTML]) -> HTML {
        HTML(trusted: fragments.filter { !$0.markup.isEmpty }.map(\.markup).joined(separator: "\n"))
    }

    /// `fragment` when `condition` holds, else nothing.
    static func when(_ condition: Bool, _ fragment: @autoclosure () -> HTML) -> HTML {
        condition ? fragment() : .empty
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities: safe in element content
    /// and in quoted attribute values alike.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// Builds the markup of an interpolated literal, escaping text as it goes.
    struct Interpolation: StringInterpolationProtocol {
        fileprivate var markup = ""

        init(literalCapacity: Int, interpolationCount: Int) {
            markup.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        mutating func appendLiteral(_ literal: String) {
            markup += literal
        }

        /// Text from anywhere: escaped.
        mutating func appendInterpolation(_ text: String) {
            markup += HTML.escape(text)
        }

        /// A number: digits need no escaping.
        mutating func appendInterpolation(_ number: Int) {
            markup += String(number)
        }

        /// Markup already built by this type.
        mutating func appendInterpolation(_ fragment: HTML) {
            markup += fragment.markup
        }
    }
}
