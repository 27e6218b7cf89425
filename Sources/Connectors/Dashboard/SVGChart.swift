/// Charts drawn on the server as inline SVG, so the dashboard needs no script, no chart
/// library and no external font, and works under a strict Content-Security-Policy (no
/// `style=` attributes: colours and sizes are presentation attributes). Every chart is an
/// image for assistive technology (`role="img"`, `aria-label`, `<title>`, and a `<desc>`
/// listing the figures); every label is escaped. Numbers are written the French way.

/// Bar and funnel charts as SVG markup.
public enum SVGChart {
    /// Navy of the pages' buttons, for bars.
    static let barColour = "#1f2a44"
    /// Text colour of the pages.
    static let textColour = "#1c1f24"
    /// Muted text and axis colour of the pages.
    static let mutedColour = "#4b5563"
    /// Light track behind funnel bars.
    static let trackColour = "#eef3fa"
    /// System fonts only: nothing is downloaded.
    static let fontFamily = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"
    /// What an empty chart says.
    public static let emptyMessage = "Aucune donnée sur la période"

    /// A vertical bar chart, one bar per point, in order; the value is written above each bar.
    /// Negative or non-finite values are drawn as 0. Labels thin out when they would overlap.
    /// `axisLabels` (one per point) replace the labels under the bars when given: a short
    /// « 7 déc. » there, the full « semaine du 7 décembre » in the tooltip and description.
    public static func bars(_ points: [(label: String, value: Double)], title: String,
                            width: Int = 640, height: Int = 220, axisLabels: [String]? = nil) -> String {
        let width = max(width, 160), height = max(height, 120)
        let values = points.map { $0.value.isFinite ? max($0.value, 0) : 0 }
        guard !points.isEmpty else { return empty(title: title, width: width, height: height) }
        let description = points.enumerated().map { index, point in
            "\(point.label) : \(number(values[index]))"
        }.joined(separator: " ; ")
        var body: [String] = []
        let left = 32.0, right = 32.0, top = 46.0, bottom = 36.0
        let plotWidth = Double(width) - left - right, plotHeight = Double(height) - top - bottom
        let baseline = top + plotHeight
        let maximum = values.max() ?? 0
        let slot = plotWidth / Double(points.count)
        let barWidth = max(slot * 0.7, 1)
        // At most one label every 72 units: an ISO date at font size 11 is about 60 wide.
        let labelEvery = max(1, Int((72 / slot).rounded(.up)))
        for (index, point) in points.enumerated() {
            let value = values[index]
            let barHeight = maximum > 0 ? plotHeight * value / maximum : 0
            let x = left + slot * Double(index) + (slot - barWidth) / 2
            let centre = x + barWidth / 2
            body.append("""
                <g><title>\(escape(point.label)) : \(escape(number(value)))</title>\
                <rect x="\(coordinate(x))" y="\(coordinate(baseline - barHeight))" width="\(coordinate(barWidth))" \
                height="\(coordinate(barHeight))" rx="2" fill="\(barColour)"/></g>
                """)
            if index % labelEvery == 0 {
                body.append("""
                    <text x="\(coordinate(centre))" y="\(coordinate(baseline - barHeight - 4))" text-anchor="middle" \
                    font-size="11" fill="\(textColour)">\(escape(number(value)))</text>
                    """)
                body.append("""
                    <text x="\(coordinate(centre))" y="\(coordinate(baseline + 16))" text-anchor="middle" \
                    font-size="11" fill="\(mutedColour)">\(escape(shortened(axisLabels.map { $0[index] } ?? point.label, to: 14)))</text>
                    """)
            }
        }
        body.append("""
            <line x1="\(coordinate(left))" y1="\(coordinate(baseline))" x2="\(coordinate(left + plotWidth))" \
            y2="\(coordinate(baseline))" stroke="\(mutedColour)" stroke-width="1"/>
            """)
        return frame(title: title, description: description, width: width, height: height, body: body)
    }

    /// A funnel: one horizontal bar per step, its length proportional to the first step's
    /// count, with the count and its share of the first step (`62,5 %`).
    public static func funnel(_ steps: [(label: String, count: Int)], title: String) -> String {
        let width = 640
        guard !steps.isEmpty, steps.contains(where: { $0.count > 0 }) else {
            return empty(title: title, width: width, height: 220)
        }
        let rowHeight = 36.0, top = 40.0, labelWidth = 150.0, right = 150.0
        let height = Int(top + rowHeight * Double(steps.count) + 12)
        let base = max(steps[0].count, steps.map(\.count).max() ?? 0, 1)
        let trackWidth = Double(width) - labelWidth - right
        var descriptions: [String] = []
        var body: [String] = []
        for (index, step) in steps.enumerated() {
            let count = max(step.count, 0)
            let share = steps[0].count > 0 ? percent(Double(count) / Double(steps[0].count)) : nil
            let figures = share.map { "\(number(Double(count))) (\($0))" } ?? number(Double(count))
            descriptions.append("\(step.label) : \(figures)")
            let y = top + rowHeight * Double(index)
            let barWidth = trackWidth * Double(count) / Double(base)
            body.append("""
                <g><title>\(escape(step.label)) : \(escape(figures))</title>\
                <text x="\(coordinate(labelWidth - 8))" y="\(coordinate(y + 18))" text-anchor="end" font-size="13" \
                fill="\(textColour)">\(escape(shortened(step.label, to: 20)))</text>\
                <rect x="\(coordinate(labelWidth))" y="\(coordinate(y + 4))" width="\(coordinate(trackWidth))" \
                height="22" rx="3" fill="\(trackColour)"/>\
                <rect x="\(coordinate(labelWidth))" y="\(coordinate(y + 4))" width="\(coordinate(barWidth))" \
                height="22" rx="3" fill="\(barColour)"/>\
                <text x="\(coordinate(labelWidth + trackWidth + 8))" y="\(coordinate(y + 18))" font-size="13" \
                fill="\(textColour)">\(escape(figures))</text></g>
                """)
        }
        return frame(title: title, description: descriptions.joined(separator: " ; "),
                     width: width, height: height, body: body)
    }

    /// `1 234` or `12,5`: at most one decimal, a comma, no-break spaces between thousands.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        let tenths = Int64((abs(value) * 10).rounded())
        var whole = String(tenths / 10)
        var grouped = ""
        while whole.count > 3 {
            grouped = "\u{A0}" + whole.suffix(3) + grouped
            whole.removeLast(3)
        }
        grouped = whole + grouped
        let sign = value < 0 && tenths > 0 ? "-" : ""
        return tenths % 10 == 0 ? sign + grouped : "\(sign)\(grouped),\(tenths % 10)"
    }

    /// A ratio as a French percentage: 0.125 → `12,5 %` (no-break space before the sign).
    public static func percent(_ ratio: Double) -> String {
        number(ratio * 100) + "\u{A0}%"
    }

    // MARK: - Markup

    /// The `<svg>` element around a chart's body.
    private static func frame(title: String, description: String, width: Int, height: Int, body: [String]) -> String {
        let label = escape(title)
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(width) \(height)" width="\(width)" \
            height="\(height)" role="img" aria-label="\(label)" font-family="\(fontFamily)">
            <title>\(label)</title>
            <desc>\(escape(description))</desc>
            <text x="16" y="24" font-size="15" font-weight="600" fill="\(textColour)">\(escape(shortened(title, to: 70)))</text>
            \(body.joined(separator: "\n"))
            </svg>
            """
    }

    /// A chart frame saying there is nothing to show.
    private static func empty(title: String, width: Int, height: Int) -> String {
        frame(title: title, description: emptyMessage, width: width, height: height, body: [
            """
            <text x="\(width / 2)" y="\(height / 2 + 10)" text-anchor="middle" font-size="14" \
            fill="\(mutedColour)">\(emptyMessage)</text>
            """,
        ])
    }

    /// Text safe in XML content and attributes: entities for markup characters, and control
    /// characters (which XML 1.0 forbids even escaped) dropped.
    static func escape(_ text: String) -> String {
        var kept = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let forbidden = (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r")
                || scalar.value == 0xFFFE || scalar.value == 0xFFFF
            if !forbidden { kept.append(scalar) }
        }
        return HTML.escape(String(kept))
    }

    /// At most `limit` characters, with an ellipsis when cut (the full text is in `<title>`).
    private static func shortened(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    /// A coordinate with at most one decimal, dot-separated as SVG wants.
    private static func coordinate(_ value: Double) -> String {
        let tenths = Int64((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }
}
