/// `speedai-rules privacy export|erase` on a data folder seeded in-process (the same
/// service code `serve` runs, stopped before the binary runs): export shows the customer,
/// erase removes them from the database and `sms.jsonl`, a second pass finds nothing held,
/// and a bad number is a usage error that changes nothing.
import Foundation
import Runtime
import Testing
@testable import Connectors

@Suite("privacy command")
struct PrivacyCommandTests {
    /// A data folder with one customer (Camille Perrin, 06 12 34 56 78) who got an SMS.
    func seededFolder() throws -> String {
        let data = NSTemporaryDirectory() + "speedai-privacy-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: data + "/rules", withIntermediateDirectories: true)
        try TestBistro.rules.write(toFile: data + "/rules/testbistro.rules", atomically: true, encoding: .utf8)
        let store = try SQLiteStore(path: SQLiteStore.defaultPath(dataDirectory: data))
        let configuration = ServiceConfiguration(rulesDirectory: data + "/rules", dataDirectory: data,
                                                 publicURL: nil, apiKey: "test-key")
        let service = WaitlistService(configuration: configuration, store: store, clock: SystemClock(),
                                      calendar: LocalCalendar(store: store), sms: try FileSMSSink(path: data + "/sms.jsonl"),
                                      telemetry: ServiceTelemetry())
        service.scanRules()
        let slot = Instant(seconds: (SystemClock().now().seconds / 86_400 + 3) * 86_400 + 18 * 3600) // 19:00 Paris, in 3 days
        _ = try service.apply(.trigger(phone: "+33612345678", requested: slot, source: "phone", token: "tok", service: nil),
                              to: "testbistro", inspect: { _, _ in () })
        _ = try service.apply(.form(token: "tok", firstName: "Camille", lastName: "Perrin", email: "camille@example.fr",
                                    partySize: 2, slots: [slot]), to: "testbistro", inspect: { _, _ in () })
        service.dispatchOutbox()
        service.stop()
        store.close()
        return data
    }

    @Test("export shows the customer; erase removes them everywhere; then nothing is held")
    func exportThenErase() throws {
        let data = try seededFolder()
        #expect(try String(contentsOfFile: data + "/sms.jsonl", encoding: .utf8).contains("+33612345678"))
        let export = try CLI.run(["privacy", "export", "--data", data, "--phone", "06 12 34 56 78"])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.contains("Camille") && export.stdout.contains("camille@example.fr") && export.stdout.contains("\"business\" : \"testbistro\""))

        let erase = try CLI.run(["privacy", "erase", "--data", data, "--phone", "+33 6 12 34 56 78", "--by", "dpo@bistro.fr"])
        #expect(erase.status == 0, "\(erase.stderr)")
        #expect(erase.stdout.contains("testbistro: 1 entry erased for "))
        #expect(erase.stdout.contains("2 lines removed from sms.jsonl"), "the invitation and the waitlist confirmation")
        #expect(try !String(contentsOfFile: data + "/sms.jsonl", encoding: .utf8).contains("612345678"))
        let bytes = FileManager.default.contents(atPath: data + "/speedai.db") ?? Data()
        for secret in ["612345678", "Camille", "Perrin", "camille@example.fr"] {
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) is still in speedai.db")
        }

        for action in ["export", "erase"] {
            let again = try CLI.run(["privacy", action, "--data", data, "--phone", "0612345678"])
            #expect(again.status == 0)
            #expect(again.stdout.contains("nothing held about "))
        }
    }

    @Test("a bad number or an unknown establishment is refused and changes nothing")
    func badInput() throws {
        let data = try seededFolder()
        let before = FileManager.default.contents(atPath: data + "/sms.jsonl")
        let bad = try CLI.run(["privacy", "erase", "--data", data, "--phone", "douze"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("is not a phone number"))
        let unknown = try CLI.run(["privacy", "erase", "--data", data, "--phone", "0612345678", "--business", "nope"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("unknown business 'nope'"))
        #expect(FileManager.default.contents(atPath: data + "/sms.jsonl") == before)
        let export = try CLI.run(["privacy", "export", "--data", data, "--phone", "0612345678"])
        #expect(export.stdout.contains("Camille"))
    }
}
