import Foundation
import Testing
@testable import RuleLang

/// The rule files shipped in `rules/` are what admins copy: each must check without a
/// single diagnostic and already be in the formatter's canonical layout.
struct ShippedRulesTests {
    @Test func theFourShippedFilesArePresent() {
        #expect(RuleTestSupport.shippedRuleFiles == ["bistrot.rules", "cabinet-dupont.rules", "default.rules", "salon-elegance.rules"])
    }

    @Test(arguments: RuleTestSupport.shippedRuleFiles)
    func checksClean(_ name: String) throws {
        let compilation = RuleCompiler.compile(try RuleTestSupport.shipped(name))
        #expect(compilation.diagnostics.isEmpty, "\(RuleTestSupport.rendered(compilation))")
        #expect(compilation.ruleSet != nil)
    }

    @Test(arguments: RuleTestSupport.shippedRuleFiles)
    func isFormatted(_ name: String) throws {
        let source = try RuleTestSupport.shipped(name)
        let formatted = RuleFormatter.format(RuleParser.parse(source))
        let original = String(decoding: source.bytes, as: UTF8.self)
        #expect(formatted == original, "run `speedai-rules fmt -w rules/\(name)`")
    }

    @Test(arguments: RuleTestSupport.shippedRuleFiles)
    func everySMSFitsInThreeSegments(_ name: String) throws {
        let rules = try #require(RuleCompiler.compile(try RuleTestSupport.shipped(name)).ruleSet)
        for preview in TemplatePreview.previews(of: rules) {
            #expect(preview.sms.segments <= 3, "\(name): \(preview.name) is \(preview.sms.summary)")
        }
    }
}
