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

    /// The dashboard as a business admin uses it: `tests/browser/dashboard.py` signs in, filters,
    /// opens a history, forces an offer (which must reach the SMS sink), deletes an entry and
    /// opens the statistics; the test then checks the service's side of each action.
    @Test(.enabled(if: browserAvailable, "needs chromium, chromium-driver and selenium (scripts/install-deps.sh)"))
    func adminWalksTheDashboardInABrowser() async throws {
        let driver = try WaitlistDriver.started()
        defer { driver.tearDown() }
        let email = "gerant@testbistro.fr", password = "un mot de passe assez long"
        let added = try CLI.run(["admin", "add", "--data", driver.service.dataDirectory.path, "--business", TestBistro.id,
                                 "--email", email, "--password-env", "DASHBOARD_PASSWORD"],
                                environment: ["DASHBOARD_PASSWORD": password])
        #expect(added.status == 0, "admin add failed: \(added.stderr)")
        try await driver.fillEvening()
        var invitations: [Invitation] = []
        for index in 1...3 {
            let invitation = try await driver.trigger(Customer.number(index))
            try await driver.join(invitation)
            invitations.append(invitation)
        }
        // 21:30 frees up, but nobody chose it: only a forced notification offers it.
        try driver.cancel("21:30")
        try await driver.waitForFree("21:30", places: 2)
        let notified = invitations[1], deleted = invitations[2]

        let script = CLI.repositoryRoot.appendingPathComponent("tests/browser/dashboard.py").path
        let run = try Self.python([script, driver.service.baseURL, email, password, Self.screenshots.path,
                                   "--business", TestBistro.id, "--notify-entry", "\(notified.entryID)",
                                   "--notify-slot", "21:30", "--delete-entry", "\(deleted.entryID)",
                                   "--waiting-count", "3"])
        #expect(run.status == 0, "dashboard.py failed:\n\(run.stderr)\n\(run.stdout)")

        let offer = try await driver.offer(to: notified.customer)
        #expect(offer.body.contains("21h30"), "the forced offer is not for 21:30: \(offer.body)")
        let sent = try driver.service.sms.all()
        #expect(!sent.contains { $0.template == "offer" && $0.to != notified.customer.phone },
                "only the notified customer gets an offer: \(sent)")
        let link = try await driver.client.get(deleted.url)
        #expect(link.status != 200, "the deleted entry's page still answers 200")
        for name in ["dashboard-list-1280.png", "dashboard-entry-1280.png", "dashboard-stats-1280.png", "dashboard-list-390x844.png"] {
            let size = (try? FileManager.default.attributesOfItem(atPath: Self.screenshots.appendingPathComponent(name).path)[.size] as? Int) ?? 0
            #expect(size > 1000, "no screenshot \(name)")
        }
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
