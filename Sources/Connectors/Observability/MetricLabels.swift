/// Label sets and the text escaping of the Prometheus exposition format 0.0.4, shared by
/// counters, gauges and histograms so every series renders the same way.

/// A metric series' labels, sorted by name so equal sets hash and render identically.
struct MetricLabels: Hashable, Sendable {
    /// One `name="value"` pair.
    struct Pair: Hashable, Sendable {
        let name: String
        let value: String
    }

    let pairs: [Pair]

    /// Labels from a dictionary, with names made valid (`[a-zA-Z_][a-zA-Z0-9_]*`).
    init(_ labels: [String: String]) {
        pairs = labels.map { Pair(name: MetricsText.sanitized($0.key, allowColon: false), value: $0.value) }
            .sorted { $0.name < $1.name }
    }

    /// `{a="x",b="y"}` (with `extra` appended, e.g. a histogram's `le`), or "" with no labels.
    func rendered(extra: Pair? = nil) -> String {
        let all = extra.map { pairs + [$0] } ?? pairs
        guard !all.isEmpty else { return "" }
        return "{" + all.map { "\($0.name)=\"\(MetricsText.escapedLabelValue($0.value))\"" }.joined(separator: ",") + "}"
    }
}

/// Text rules of the exposition format.
enum MetricsText {
    /// `name` with every character outside the allowed set replaced by `_` (and a leading
    /// digit prefixed), so a typo cannot produce an unparsable exposition.
    static func sanitized(_ name: String, allowColon: Bool) -> String {
        // Names written in the source are already valid (every request labels `route` and
        // `status`): hand them back without rebuilding them scalar by scalar.
        if let first = name.utf8.first, !(first >= 0x30 && first <= 0x39), name.utf8.allSatisfy({ byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || byte == UInt8(ascii: "_") || (allowColon && byte == UInt8(ascii: ":"))
        }) {
            return name
        }
        var out = ""
        for (index, scalar) in name.unicodeScalars.enumerated() {
            let isLetter = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_" || (allowColon && scalar == ":")
            let isDigit = ("0"..."9").contains(scalar)
            if index == 0, isDigit { out += "_" }
            out.unicodeScalars.append(isLetter || isDigit ? scalar : "_")
        }
        return out.isEmpty ? "_" : out
    }

    /// A label value with `\`, `"` and line feeds escaped.
    static func escapedLabelValue(_ value: String) -> String {
        value.replacingBackslashes().replacing("\"", with: "\\\"").replacing("\n", with: "\\n")
    }

    /// HELP text with `\` and line feeds escaped.
    static func escapedHelp(_ help: String) -> String {
        help.replacingBackslashes().replacing("\n", with: "\\n")
    }

    /// A sample value: integers without a fraction, `+Inf`, `-Inf`, `NaN` as Prometheus spells them.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value == .infinity { return "+Inf" }
        if value == -.infinity { return "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// The `# HELP` and `# TYPE` lines of one metric family.
    static func header(name: String, help: String, type: String) -> String {
        "# HELP \(name) \(escapedHelp(help))\n# TYPE \(name) \(type)\n"
    }
}

private extension String {
    func replacingBackslashes() -> String {
        replacing("\\", with: "\\\\")
    }
}
