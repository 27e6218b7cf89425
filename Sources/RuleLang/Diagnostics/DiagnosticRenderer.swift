/// Renders diagnostics the way swift-syntax and rustc do:
///
///     rules/bistrot.rules:14:3: error: unknown setting 'ofer_timeout' in block 'offers'
///        |
///     14 |   ofer_timeout = 15m
///        |   ^^^^^^^^^^^^
///        = help: did you mean 'timeout'?
///
/// Plain text only (no colours), so output is stable for golden tests and logs.
public struct DiagnosticRenderer: Sendable {
    public init() {}

    /// Renders one diagnostic with its source excerpt.
    public func render(_ diagnostic: Diagnostic, in file: SourceFile) -> String {
        let start = file.location(of: diagnostic.range.start)
        var out = "\(file.name):\(start.line):\(start.column): \(diagnostic.severity.rawValue): \(diagnostic.message)\n"
        let lineText = file.lineText(start.line)
        let gutter = String(repeating: " ", count: String(start.line).count)
        out += "\(gutter) |\n"
        out += "\(start.line) | \(lineText.replacingTabs())\n"
        // Underline to the end of the range, but only on the first line of a multi-line range.
        let end = file.location(of: diagnostic.range.end)
        let lineLength = lineText.unicodeScalars.count
        let caretCount: Int
        if end.line == start.line {
            caretCount = max(1, end.column - start.column)
        } else {
            caretCount = max(1, lineLength - start.column + 1)
        }
        let padding = String(repeating: " ", count: max(0, start.column - 1))
        out += "\(gutter) | \(padding)\(String(repeating: "^", count: caretCount))\n"
        for note in diagnostic.notes {
            out += "\(gutter) = note: \(note)\n"
        }
        if let help = diagnostic.help {
            out += "\(gutter) = help: \(help)\n"
        }
        return out
    }

    /// Renders all diagnostics, separated by blank lines, followed by a summary line
    /// such as `2 errors, 1 warning`.
    public func render(_ diagnostics: [Diagnostic], in file: SourceFile) -> String {
        diagnostics.map { render($0, in: file) }.joined(separator: "\n")
    }

    /// A short count such as "2 errors and 1 warning", or nil when there is nothing.
    public static func summary(of diagnostics: [Diagnostic]) -> String? {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        var parts: [String] = []
        if errors > 0 { parts.append(errors == 1 ? "1 error" : "\(errors) errors") }
        if warnings > 0 { parts.append(warnings == 1 ? "1 warning" : "\(warnings) warnings") }
        return parts.isEmpty ? nil : parts.joined(separator: " and ")
    }
}

extension String {
    /// Tabs become single spaces so caret columns (counted in scalars) stay aligned.
    fileprivate func replacingTabs() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\t" ? " " : $0 }))
    }
}
