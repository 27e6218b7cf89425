/// Checks up front that a rule file is UTF-8 text, so an admin who saved it as Latin-1 (or
/// pasted an invisible control character from a word processor) gets one clear message
/// per damaged line, and the parser still carries on: every other error in the file is
/// reported too. Control characters other than tab, CR and LF are refused because they
/// are invisible in an editor and no two tools agree on how to show or keep them.
enum RuleEncodingCheck {
    /// One error per line holding bytes that are not valid UTF-8 or a control character,
    /// at the first such byte.
    /// A byte order mark at the very start is fine and skipped. Stops after as many
    /// lines as a report shows.
    static func diagnostics(_ file: SourceFile) -> [Diagnostic] {
        let bytes = file.bytes
        var diagnostics: [Diagnostic] = []
        var index = RuleLexer.contentStart(bytes)
        while index < bytes.count, diagnostics.count < DiagnosticBag.defaultLimit {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte >= 0x20 && byte != 0x7F || byte == RuleBytes.newline || byte == 0x09 || byte == 0x0D {
                    index += 1
                    continue
                }
                diagnostics.append(.error(
                    "this line contains an invisible control character (U+00\(byte < 0x10 ? "0" : "")\(String(byte, radix: 16, uppercase: true)))",
                    at: SourceRange(start: index, end: index + 1),
                    help: "delete it; rule files hold plain text (tabs and line breaks are fine)"))
                while index < bytes.count, bytes[index] != RuleBytes.newline { index += 1 }
                continue
            }
            if let length = RuleBytes.validScalarLength(bytes, at: index) {
                index += length
                continue
            }
            diagnostics.append(.error(
                "this line contains bytes that are not valid UTF-8 (\(RuleBytes.hex(bytes[index])))",
                at: SourceRange(start: index, end: index + 1),
                help: "save the file as UTF-8 (in most editors: Save As, then choose the UTF-8 encoding)"))
            while index < bytes.count, bytes[index] != RuleBytes.newline { index += 1 }
        }
        return diagnostics
    }
}
