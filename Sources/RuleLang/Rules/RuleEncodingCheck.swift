/// Checks up front that a rule file is UTF-8, so an admin who saved it as Latin-1 gets one
/// clear message per damaged line (and the parser still carries on: every other error in
/// the file is reported too).
enum RuleEncodingCheck {
    /// One error per line holding bytes that are not valid UTF-8, at the first such byte.
    /// A byte order mark at the very start is fine and skipped. Stops after as many
    /// lines as a report shows.
    static func diagnostics(_ file: SourceFile) -> [Diagnostic] {
        let bytes = file.bytes
        var diagnostics: [Diagnostic] = []
        var index = RuleLexer.contentStart(bytes)
        while index < bytes.count, diagnostics.count < DiagnosticBag.defaultLimit {
            if bytes[index] < 0x80 {
                index += 1
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
