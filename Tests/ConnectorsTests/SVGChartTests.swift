import Foundation
import Testing
@testable import Connectors

/// The dashboard's inline SVG: well-formed XML (parsed with Foundation's `XMLParser`, via
/// the CalDAV tree builder), accessible, nothing a strict CSP blocks, hostile labels escaped,
/// an explicit empty state, French numbers.
@Suite struct SVGChartTests {
    static let svg = "http://www.w3.org/2000/svg"
    static let hostile = "</text><script>alert(\"x\")</script> & 'y' \u{1}]]>"

    /// The parsed chart; fails the test when it is not well-formed.
    static func parse(_ markup: String) -> DAVXMLElement? {
        let root = DAVXMLElement.parse(Array(markup.utf8))
        #expect(root != nil, "not well-formed XML:\n\(markup)")
        return root
    }

    /// Every element's text, depth first.
    static func texts(_ element: DAVXMLElement, named name: String) -> [String] {
        (element.name == name ? [element.text] : []) + element.children.flatMap { texts($0, named: name) }
    }

    static let weeks: [(label: String, value: Double)] = [("2025-03-24", 3), ("2025-03-31", 12.5), ("2025-04-07", 0)]
    static let steps: [(label: String, count: Int)] = [("Invités", 8), ("Inscrits", 5), ("Contactés", 3), ("Confirmés", 1)]

    static var charts: [String] {
        [SVGChart.bars(weeks, title: "Créneaux remplis par semaine"),
         SVGChart.funnel(steps, title: "Parcours"),
         SVGChart.bars([], title: "Vide"),
         SVGChart.funnel([], title: "Vide"),
         SVGChart.bars((0..<52).map { ("S\($0)", Double($0 % 9)) }, title: "Un an", width: 900, height: 260)]
    }

    @Test(arguments: 0..<5)
    func wellFormedAccessibleAndCSPSafe(index: Int) throws {
        let markup = Self.charts[index]
        let root = try #require(Self.parse(markup))
        #expect(root.name == "svg" && root.namespace == Self.svg)
        #expect(root.attributes["role"] == "img")
        #expect(root.attributes["aria-label"]?.isEmpty == false)
        #expect(root.child("title", Self.svg)?.text == root.attributes["aria-label"])
        #expect(root.child("desc", Self.svg) != nil)
        #expect(!markup.contains("style="))
        #expect(!markup.contains("<script"))
        #expect(!markup.contains("href"))
        #expect(!markup.contains("@import") && !markup.contains("url("))
    }

    @Test func barsShowValuesAndLabels() throws {
        let root = try #require(Self.parse(SVGChart.bars(Self.weeks, title: "Créneaux remplis par semaine")))
        let texts = Self.texts(root, named: "text")
        #expect(texts.contains("12,5"))
        #expect(texts.contains("2025-03-31"))
        #expect(Self.texts(root, named: "rect").count == 3)
        #expect(root.child("desc", Self.svg)?.text == "2025-03-24 : 3 ; 2025-03-31 : 12,5 ; 2025-04-07 : 0")
        #expect(root.attributes["width"] == "640" && root.attributes["height"] == "220")
    }

    @Test func funnelShowsCountsAndShares() throws {
        let root = try #require(Self.parse(SVGChart.funnel(Self.steps, title: "Parcours")))
        let texts = Self.texts(root, named: "text")
        #expect(texts.contains("5 (62,5\u{A0}%)"))
        #expect(texts.contains("8 (100\u{A0}%)"))
        #expect(texts.contains("Confirmés"))
    }

    @Test func hostileLabelsAreEscaped() throws {
        let bars = SVGChart.bars([(Self.hostile, 1)], title: Self.hostile)
        let funnel = SVGChart.funnel([(Self.hostile, 4)], title: Self.hostile)
        for markup in [bars, funnel] {
            let root = try #require(Self.parse(markup))
            #expect(!markup.contains("<script"))
            #expect(markup.contains("&lt;/text&gt;&lt;script&gt;"))
            let cleaned = Self.hostile.replacingOccurrences(of: "\u{1}", with: "")
            #expect(root.attributes["aria-label"] == cleaned)
            #expect(Self.texts(root, named: "title").contains { $0.hasPrefix(cleaned) })
        }
    }

    @Test func emptyDataSaysSo() throws {
        for markup in [SVGChart.bars([], title: "Remplissage"), SVGChart.funnel([], title: "Parcours"),
                       SVGChart.funnel([("Invités", 0), ("Inscrits", 0)], title: "Parcours")] {
            let root = try #require(Self.parse(markup))
            #expect(Self.texts(root, named: "text").contains("Aucune donnée sur la période"))
            #expect(Self.texts(root, named: "rect").isEmpty)
        }
    }

    @Test func oddValuesDoNotBreakTheChart() throws {
        let markup = SVGChart.bars([("a", .nan), ("b", -4), ("c", .infinity), ("d", 0)], title: "Zéros")
        let root = try #require(Self.parse(markup))
        #expect(!markup.contains("nan") && !markup.contains("inf"))
        #expect(Self.texts(root, named: "text").filter { $0 == "0" }.count == 4)
    }

    @Test(arguments: [(0.0, "0"), (12.5, "12,5"), (3.04, "3"), (1234.0, "1\u{A0}234"), (1_234_567.89, "1\u{A0}234\u{A0}567,9"),
                      (-2.5, "-2,5"), (0.96, "1")])
    func frenchNumbers(value: Double, expected: String) {
        #expect(SVGChart.number(value) == expected)
    }

    @Test func frenchPercentages() {
        #expect(SVGChart.percent(0.125) == "12,5\u{A0}%")
        #expect(SVGChart.percent(1.0 / 3) == "33,3\u{A0}%")
        #expect(SVGChart.percent(1) == "100\u{A0}%")
    }
}
