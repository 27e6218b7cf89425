/// The rules page's diagnostics in French: every message the checker gives on the golden rule
/// files has a French text from the table (no English, no generic fallback), suggestions are
/// French or left out, and a message the table does not know still reads in French.
import Foundation
import RuleLang
import Testing
@testable import Connectors

@Suite("French diagnostics")
struct DiagnosticFrenchTests {
    /// The checker's golden inputs: every kind of mistake the rule language reports.
    static func goldenRuleFiles() throws -> [(name: String, bytes: [UInt8])] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("RuleLangTests/Golden")
        var files: [(String, [UInt8])] = []
        for folder in ["check", "syntax-errors"] {
            let directory = root.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() where name.hasSuffix(".rules") {
                let data = try Data(contentsOf: directory.appendingPathComponent(name))
                files.append(("\(folder)/\(name)", Array(data)))
            }
        }
        return files
    }

    @Test("every diagnostic of the golden rule files has a French message, and its suggestion a French text or none")
    func goldenDiagnosticsAreTranslated() throws {
        let files = try Self.goldenRuleFiles()
        #expect(files.count > 20)
        var seen = 0
        for (name, bytes) in files {
            let compilation = RuleCompiler.compile(SourceFile(name: name, bytes: bytes))
            for diagnostic in compilation.diagnostics {
                seen += 1
                let french = DiagnosticFrench.translated(diagnostic.message, DiagnosticFrench.messages)
                #expect(french != nil, "\(name): no French text for “\(diagnostic.message)”")
                if let help = diagnostic.help, help.hasPrefix("did you mean") {
                    #expect(DiagnosticFrench.help(help)?.hasPrefix("vouliez-vous dire") == true)
                }
            }
        }
        #expect(seen > 80)
    }

    @Test("values are carried over in « », the more specific pattern wins, unknown messages get a French text")
    func patterns() {
        let unknown = Diagnostic.error("unknown setting 'timout' in block 'offers'", at: .point(0))
        #expect(DiagnosticFrench.message(unknown) == "réglage inconnu « timout » dans le bloc « offers »")
        let after = Diagnostic.error("unexpected 'h' after the value", at: .point(0))
        #expect(DiagnosticFrench.message(after) == "« h » inattendu après la valeur")
        #expect(DiagnosticFrench.message(.error("unknown setting 'x'", at: .point(0))) == "réglage inconnu « x »")
        #expect(DiagnosticFrench.message(.error("section 'a' is never closed", at: .point(0))) == "la section « a » n’est jamais fermée")
        #expect(DiagnosticFrench.help("did you mean 'timeout'?") == "vouliez-vous dire « timeout » ?")
        #expect(DiagnosticFrench.message(.error("booking_length 45m is shorter than the slot length 1h of service 'dinner'", at: .point(0)))
                == "booking_length 45m est plus court que la durée de créneau 1h du service « dinner »")
        #expect(DiagnosticFrench.message(.error(#"establishment.id is "demo" but this is the rule file of "testbistro" (testbistro.rules)"#,
                                                at: .point(0)))
                == "establishment.id vaut « demo », mais ce fichier est celui de « testbistro » (testbistro.rules)")
        #expect(DiagnosticFrench.help("some advice the table does not know") == nil)
        let strange = Diagnostic.warning("a message nobody translated", at: .point(0))
        #expect(DiagnosticFrench.message(strange) == DiagnosticFrench.fallback(.warning))
        #expect(DiagnosticFrench.fallback(.error).contains("n’est pas une règle valide"))
    }
}
