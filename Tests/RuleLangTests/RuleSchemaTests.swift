import Foundation
import Testing
@testable import RuleLang

/// The schema is the single source of the language: its table must be self-consistent
/// (defaults of the right type and within bounds), and `docs/rules.md` and
/// `rules/default.rules` must agree with it. `UPDATE_GOLDEN=1` regenerates the
/// document's generated sections.
struct RuleSchemaTests {
    static let docsURL = RuleTestSupport.repositoryRoot.appendingPathComponent("docs/rules.md")

    // MARK: - The table

    @Test func namesAreUniqueWithinTheirBlock() {
        #expect(Set(RuleSchema.blocks.map(\.keyword)).count == RuleSchema.blocks.count)
        for (path, block) in RuleSchema.allBlocks {
            #expect(Set(block.keys.map(\.name)).count == block.keys.count, "\(path)")
            #expect(Set(block.blocks.map(\.keyword)).count == block.blocks.count, "\(path)")
            for key in block.keys {
                #expect(block.child(key.name) == nil, "'\(key.name)' is both a key and a block in \(path)")
            }
        }
    }

    @Test func theLanguageHasTheDesignedBlocks() {
        #expect(RuleSchema.blocks.map(\.keyword) ==
                ["establishment", "slots", "alternatives", "matching", "priority", "offers", "link", "calendar", "sms", "retry", "privacy"])
        #expect(RuleSchema.allBlocks.map { $0.path.joined(separator: ".") }.contains("slots.resource"))
        #expect(RuleSchema.block(path: ["priority", "boost"])?.key("by")?.defaultValue == .required)
        #expect(RuleSchema.block(path: ["slots", "service"])?.key("hours")?.defaultValue == .required)
    }

    /// Whether a fixed default fits its key's type and bounds.
    static func fits(_ value: RuleSettingValue, _ type: RuleValueType) -> Bool {
        switch (type, value) {
        case (.duration(let min, let max), .duration(let ms)), (.durationOrExpression(let min, let max), .duration(let ms)):
            return ms >= (min ?? .min) && ms <= (max ?? .max)
        case (.integer(let min, let max), .integer(let n)): return n >= (min ?? .min) && n <= (max ?? .max)
        case (.number(let min), .number(let n)): return n >= (min ?? -.infinity)
        case (.boolean, .boolean): return true
        case (.text(.timeZone), .text(let name)): return TimeZone(identifier: name) != nil
        case (.text, .text): return true
        case (.timeRange, .timeRange), (.timeRangeOrNone, .timeRange), (.timeRangeOrNone, .none): return true
        case (.weekdays, .weekdays), (.weekdaysAndDates, .closedDays): return true
        case (.choice(let options), .choice(let symbol)): return options.contains(symbol)
        case (.template, .text(let source)): return MustacheTemplate.parse(source).template != nil
        default: return false
        }
    }

    @Test func everyDefaultFitsItsKey() {
        for (path, block) in RuleSchema.allBlocks {
            for key in block.keys {
                switch key.defaultValue {
                case .value(let value):
                    #expect(Self.fits(value, key.type), "\(path).\(key.name)")
                case .perLabel(let values):
                    guard case .oneOf(let labels) = block.label else {
                        Issue.record("\(path).\(key.name): per-label default on a block without fixed labels")
                        continue
                    }
                    #expect(Set(values.keys) == Set(labels), "\(path).\(key.name)")
                    for value in values.values { #expect(Self.fits(value, key.type), "\(path).\(key.name)") }
                case .expression(let source):
                    #expect(key.type.isExpression, "\(path).\(key.name)")
                    let (_, parsed) = CELParser.parse(source)
                    #expect(parsed.expr != nil, "\(path).\(key.name)")
                case .derived, .absent, .required:
                    break
                }
            }
        }
    }

    @Test func defaultExpressionsHaveTheRightTypes() throws {
        let rules = try #require(RuleTestSupport.compile("").ruleSet)
        #expect(rules.match.type == .bool)
        #expect(rules.priority.order.type == .timestamp)
    }

    @Test func defaultTemplatesOnlyUseTheirVariables() {
        for name in RuleTemplateVariables.templateNames {
            let template = RuleSetBuilder.defaultTemplate(name)
            for reference in template.template.references {
                #expect(RuleTemplateVariables.allowed(in: name).contains(reference.name), "\(name): \(reference.name)")
            }
        }
    }

    @Test func everyTemplateVariableIsAllowedSomewhere() {
        let used = Set(RuleTemplateVariables.templateNames.flatMap(RuleTemplateVariables.allowed(in:)))
        #expect(used == Set(RuleTemplateVariables.all.map(\.name)))
        #expect(RuleTemplateVariables.allowed(in: "offer").count == 9)
        #expect(RuleTemplateVariables.allowed(in: "initial") == ["lien", "date", "heure", "etablissement"])
    }

    @Test func environmentMatchesTheDesign() {
        #expect(RuleEnvironment.entryType.fields.map(\.name) ==
                ["id", "phone", "first_name", "last_name", "email", "party_size", "requested", "slots", "service",
                 "joined_at", "source", "offers", "declines", "visits", "priority"])
        #expect(RuleEnvironment.slotType.fields.map(\.name) == ["start", "end", "service", "resource", "capacity", "free"])
        #expect(RuleEnvironment.cel.variables["now"] == .timestamp)
        #expect(RuleEnvironment.cel.variables["entry"] == .object("Entry"))
    }

    @Test(arguments: [
        ("ofer_timeout", ["strategy", "timeout", "hold"], "timeout"),
        ("offers_max_count", ["max_count", "step"], "max_count"),
        ("timout", ["timeout"], "timeout"),
        ("banana", ["timeout", "hold"], nil),
    ] as [(String, [String], String?)])
    func suggestionsAlsoTryTheWordsAfterAnUnderscore(name: String, candidates: [String], expected: String?) {
        #expect(RuleSuggestions.closest(to: name, among: candidates) == expected)
    }

    @Test func helpTextListsEveryKey() {
        let help = RuleSchema.helpText()
        for (_, block) in RuleSchema.allBlocks {
            for key in block.keys { #expect(help.contains(" \(key.name) "), "\(key.name)") }
        }
        #expect(RuleSchema.helpText(path: ["offers"]).hasPrefix("offers — How freed slots are offered."))
    }

    // MARK: - The documentation

    /// The text between `<!-- BEGIN GENERATED: name -->` and its END marker.
    static func replacingSection(_ name: String, in document: String, with body: String) -> String? {
        let begin = "<!-- BEGIN GENERATED: \(name) -->\n"
        let end = "<!-- END GENERATED: \(name) -->"
        guard let start = document.range(of: begin), let stop = document.range(of: end, range: start.upperBound..<document.endIndex) else {
            return nil
        }
        return String(document[..<start.upperBound]) + body + String(document[stop.lowerBound...])
    }

    static func section(_ name: String, in document: String) -> String? {
        let begin = "<!-- BEGIN GENERATED: \(name) -->\n"
        let end = "<!-- END GENERATED: \(name) -->"
        guard let start = document.range(of: begin), let stop = document.range(of: end, range: start.upperBound..<document.endIndex) else {
            return nil
        }
        return String(document[start.upperBound..<stop.lowerBound])
    }

    @Test func docsGeneratedSectionsMatchTheSchema() throws {
        var document = try String(contentsOf: Self.docsURL, encoding: .utf8)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            for name in RuleSchema.generatedSections {
                document = try #require(Self.replacingSection(name, in: document, with: RuleSchema.markdown(section: name)))
            }
            try document.write(to: Self.docsURL, atomically: true, encoding: .utf8)
            return
        }
        for name in RuleSchema.generatedSections {
            let written = try #require(Self.section(name, in: document), "docs/rules.md has no generated section '\(name)'")
            #expect(written == RuleSchema.markdown(section: name),
                    "docs/rules.md section '\(name)' is stale: run UPDATE_GOLDEN=1 swift test --filter RuleSchemaTests")
        }
    }

    @Test func docsMentionEveryKeyAndVariable() throws {
        let document = try String(contentsOf: Self.docsURL, encoding: .utf8)
        for (path, block) in RuleSchema.allBlocks {
            #expect(document.contains("`\(block.keyword)`"), "\(path)")
            for key in block.keys { #expect(document.contains("| `\(key.name)` |"), "\(path).\(key.name)") }
        }
        for field in RuleEnvironment.entryType.fields + RuleEnvironment.slotType.fields {
            #expect(document.contains("| `\(field.name)` |"), "\(field.name)")
        }
        for variable in RuleTemplateVariables.all { #expect(document.contains("`{{\(variable.name)}}`")) }
    }

    /// Every ```rules block of docs/rules.md, with its line number.
    static func documentExamples() throws -> [(line: Int, text: String)] {
        let document = try String(contentsOf: docsURL, encoding: .utf8)
        var examples: [(line: Int, text: String)] = []
        var current: [String]?
        var start = 0
        for (index, line) in document.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if current == nil, line == "```rules" {
                current = []
                start = index + 2
            } else if current != nil, line == "```" {
                examples.append((start, current!.joined(separator: "\n") + "\n"))
                current = nil
            } else if current != nil {
                current!.append(String(line))
            }
        }
        return examples
    }

    @Test func everyDocumentExampleChecksClean() throws {
        let examples = try Self.documentExamples()
        #expect(examples.count >= 20)
        for example in examples {
            let compilation = RuleTestSupport.compile(example.text, name: "docs/rules.md:\(example.line)")
            #expect(compilation.diagnostics.isEmpty, "docs/rules.md line \(example.line):\n\(RuleTestSupport.rendered(compilation))")
        }
    }

    @Test func theDocumentedOfferPreviewIsWhatTheEngineSends() throws {
        let examples = try Self.documentExamples()
        let sms = try #require(examples.first { $0.text.hasPrefix("sms {") && $0.text.contains("offer = ") })
        let rules = try #require(RuleTestSupport.compile("establishment {\n  name = \"Le Bistrot du Port\"\n}\n" + sms.text).ruleSet)
        let document = try String(contentsOf: Self.docsURL, encoding: .utf8)
        let offer = TemplatePreview.preview(rules.sms.offer, establishment: rules.establishment.name).text
        #expect(document.contains("```text\n\(offer)\n```"))
    }

    @Test func theReferenceFileMentionsEveryKey() throws {
        let reference = String(decoding: try RuleTestSupport.shipped("default.rules").bytes, as: UTF8.self)
        for (path, block) in RuleSchema.allBlocks {
            for key in block.keys {
                #expect(reference.contains(" \(key.name) = "), "rules/default.rules lacks \(path).\(key.name)")
            }
        }
    }
}
