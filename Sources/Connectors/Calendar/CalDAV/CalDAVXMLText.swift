/// Small text helpers for the XML request bodies: escaping values and the path part of a
/// URL, as `href` elements carry it.
import Foundation

/// XML text helpers.
enum CalDAVXMLText {
    /// `value` escaped for element text or a double-quoted attribute.
    static func escape(_ value: String) -> String {
        var result = ""
        for character in value {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }

    /// The percent-encoded path of an absolute URL (`/alice/bistrot/a.ics`); the text
    /// itself when it is not a URL.
    static func path(of url: String) -> String {
        guard let components = URLComponents(string: url), !components.percentEncodedPath.isEmpty else { return url }
        return components.percentEncodedPath
    }
}
