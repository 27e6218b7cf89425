/// The waitlist page in a real browser: headless Chromium at a phone's size (390×844) driven
/// by `tests/browser/waitlist_form.py` (selenium) against the built `serve`. Leaves the
/// screenshots in `.build/screenshots/` for a human to look at.
import Foundation
import Testing

@Suite(.serialized) struct BrowserTests {
    /// Chromium, its driver and selenium are installed (`scripts/install-deps.sh` installs them).
    static let browserAvailable: Bool = {
        let files = ["/usr/bin/chromium", "/usr/bin/chromedriver"]
        guard files.allSatisfy({ FileManager.default.isExecutableFile(atPath: $0) }) else { return false }
        return (try? Self.python(["-c", "import selenium"]).status) == 0
    }()

    /// Where the screenshots go.
    static let screenshots = CLI.repositoryRoot.appendingPathComponent(".build/screenshots")

    @Test(.enabled(if: browserAvailable, "needs chromium, chromium-driver and selenium (scripts/install-deps.sh)"))
    func customerJoinsTheWaitlistInABrowser() async throws {
        let driver = try WaitlistDriver.started()
        defer { driver.tearDown() }
        try await driver.fillEvening()
        let invitation = try await driver.trigger(Customer.number(1))

        try FileManager.default.createDirectory(at: Self.screenshots, withIntermediateDirectories: true)
        let thanks = Self.screenshots.appendingPathComponent("waitlist-390x844.png")
        let errors = Self.screenshots.appendingPathComponent("waitlist-errors-390x844.png")
        let form = Self.screenshots.appendingPathComponent("waitlist-form-390x844.png")
        for file in [thanks, errors, form] { try? FileManager.default.removeItem(at: file) }
        let script = CLI.repositoryRoot.appendingPathComponent("tests/browser/waitlist_form.py").path
        let run = try Self.python([script, invitation.url, thanks.path, "--errors-screenshot", errors.path,
                                   "--form-screenshot", form.path])
        #expect(run.status == 0, "waitlist_form.py failed:\n\(run.stderr)\n\(run.stdout)")
        for file in [thanks, errors, form] {
            let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
            #expect(size > 1000, "no screenshot at \(file.path)")
            let header = (try? FileHandle(forReadingFrom: file).readData(ofLength: 8)) ?? Data()
            #expect(header == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "\(file.lastPathComponent) is not a PNG")
        }

        // The entry is now waiting: its page shows what the browser sent, for an update.
        let page = try await driver.client.get(invitation.url)
        #expect(page.status == 200)
        #expect(page.text.contains("Vous êtes déjà inscrit·e"))
        let inspector = PageInspector(html: page.text)
        #expect(inspector.inputValue("prenom") == "Amélie")
        #expect(inspector.inputValue("email") == "amelie.poulain@example.fr")
        #expect(inspector.slotBoxes.filter(\.value).count == 2, "requested slot and one alternative: \(inspector.slotBoxes)")
    }

    /// Runs `python3 ARGUMENTS` and captures its output.
    static func python(_ arguments: [String]) throws -> CLIResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
    }
}
