/// `speedai-rules check-config`: one line per business with its connectors, located errors
/// and exit 1 for a bad settings file, and secrets never printed.
import Connectors
import Foundation
import Testing

@Suite("check-config")
struct CheckConfigCommandTests {
    func folder(_ files: [String: String]) throws -> String {
        let path = NSTemporaryDirectory() + "speedai-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path + "/config", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: path + "/rules", withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: "\(path)/\(name)", atomically: true, encoding: .utf8) }
        return path
    }

    @Test("valid settings: each business's connectors; businesses without a file use the default")
    func validSettings() throws {
        let data = try folder([
            "config/bistrot.json": #"{"calendar": {"provider": "caldav", "url": "https://crm.example/dav/bistrot/", "username": "bistrot", "password_env": "HOME"}}"#,
            "rules/bistrot.rules": "", "rules/salon.rules": "",
        ])
        let result = try CLI.run(["check-config", "--data", data, "--rules", data + "/rules"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("bistrot: calendar caldav (https://crm.example/dav/bistrot, basic), sms console"))
        #expect(result.stdout.contains("salon: calendar local (DATA/speedai.db), sms console (DATA/sms.jsonl)"))
    }

    @Test("--live: a provider nobody answers for is one line saying why, exit 1; the embedded default needs no contact")
    func liveCheck() throws {
        let port = try #require(LoopbackPort.free())
        let data = try folder([
            "config/bistrot.json": #"{"calendar": {"provider": "caldav", "url": "http://127.0.0.1:\#(port)/dav/bistrot/", "username": "bistrot", "password_env": "HOME"}}"#,
            "config/cafe.json": #"{"sms": {"provider": "brevo", "api_key_env": "HOME", "sender": "Cafe", "base_url": "http://127.0.0.1:\#(port)"}}"#,
            "rules/bistrot.rules": "", "rules/salon.rules": "",
        ])
        let result = try CLI.run(["check-config", "--data", data, "--rules", data + "/rules", "--live"])
        #expect(result.status == 1)
        let line = result.stderr.split(separator: "\n").filter { $0.hasPrefix("bistrot: calendar caldav unreadable: ") }
        #expect(line.count == 1, "\(result.stderr)")
        #expect(line.first?.contains("got no answer") == true, "\(result.stderr)")
        #expect(result.stdout.contains("salon: calendar local: nothing to contact"))
        #expect(result.stdout.contains("salon: sms console: nothing to contact"))
        #expect(result.stderr.contains("cafe: sms brevo unreachable: "), "\(result.stderr)")
    }

    @Test("a bad file: located errors on stderr, exit 1")
    func badSettings() throws {
        let data = try folder([
            "config/bistrot.json": #"{"sms": {"provider": "twilio", "account_sid": "AC0123456789abcdef0123456789abcdef", "auth_token": "s3cret", "from": "+33757000000"}}"#,
        ])
        let result = try CLI.run(["check-config", "--data", data])
        #expect(result.status == 1)
        #expect(result.stderr.contains("config/bistrot.json: sms.auth_token: secrets never live in files"))
        #expect(!result.stdout.contains("s3cret") && !result.stderr.contains("s3cret"))
    }
}
