/// CSV for French spreadsheet users: RFC 4180 quoting and CRLF line ends, but `;` between
/// cells (French Excel uses the comma as the decimal mark, so it expects `;` and splits a
/// comma-separated file wrongly) and a UTF-8 byte-order mark (without it Excel reads the file
/// as Windows-1252 and mangles « é »). Cells that a spreadsheet would run as a formula
/// (starting with = + - @ tab or CR) get a leading `'` (OWASP's CSV-injection advice).
import Foundation

/// Builds a CSV document row by row into bytes.
struct CSVWriter: Sendable {
    /// The cell separator.
    static let separator: Character = ";"
    /// The UTF-8 byte-order mark Excel needs to read UTF-8.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The document so far, starting with the byte-order mark.
    private(set) var bytes: [UInt8] = CSVWriter.byteOrderMark

    /// An empty document (just the byte-order mark).
    init() {}

    /// Appends one record, CRLF-terminated.
    mutating func append(_ cells: [String]) {
        bytes += Array((cells.map(Self.cell).joined(separator: String(Self.separator)) + "\r\n").utf8)
    }

    /// One cell: neutralised if a spreadsheet would take it for a formula, then quoted when
    /// it holds the separator, a quote, a line break or outer spaces.
    static func cell(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        // Scalars, not Characters: "\r\n" is one Character and would match neither "\r" nor "\n".
        let needsQuotes = text.unicodeScalars.contains { ";\"\n\r".unicodeScalars.contains($0) }
            || text.hasPrefix(" ") || text.hasSuffix(" ")
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
