/// `speedai-rules admin`: accounts created from an environment variable or stdin, refused
/// bad input (short password, bad email, missing scope, duplicate), list, replace, remove;
/// the password never printed and only its PBKDF2 hash stored.
import Foundation
import Testing

@Suite("admin command")
struct AdminCommandTests {
    static let password = "correct horse battery staple"

    /// Runs the binary with extra environment variables and `stdin` as its standard input.
    func run(_ arguments: [String], environment: [String: String] = [:], stdin: String = "") throws -> CLIResult {
        try CLI.run(arguments, environment: environment, stdin: stdin)
    }

    func dataFolder() -> String { NSTemporaryDirectory() + "speedai-admin-\(UUID().uuidString)" }

    @Test("add from an environment variable and from stdin, then list")
    func addAndList() throws {
        let data = dataFolder()
        let first = try run(["admin", "add", "--data", data, "--business", "bistro", "--email", "Chef@Bistro.fr",
                             "--password-env", "ADMIN_PASSWORD"], environment: ["ADMIN_PASSWORD": Self.password])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("added chef@bistro.fr (business bistro)"))
        #expect(first.stderr.contains("warning: no business \"bistro\""))
        let second = try run(["admin", "add", "--data", data, "--platform", "--email", "ops@speedai.fr"],
                             stdin: Self.password + "\n")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("added ops@speedai.fr (platform admin)"))
        let list = try run(["admin", "list", "--data", data])
        #expect(list.status == 0)
        let lines = list.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("chef@bistro.fr\tbistro\t") == true)
        #expect(lines.last?.hasPrefix("ops@speedai.fr\t(platform)\t") == true)
        for result in [first, second, list] {
            #expect(!result.stdout.contains(Self.password) && !result.stderr.contains(Self.password))
        }
        let database = try Data(contentsOf: URL(fileURLWithPath: data + "/speedai.db"))
        #expect(database.range(of: Data(Self.password.utf8)) == nil)
        #expect(database.range(of: Data("pbkdf2-sha256$310000$".utf8)) != nil)
    }

    @Test("bad input is refused and changes nothing")
    func badInput() throws {
        let data = dataFolder()
        let short = try run(["admin", "add", "--data", data, "--business", "bistro", "--email", "chef@bistro.fr"],
                            stdin: "trop court\n")
        #expect(short.status == 1 && short.stderr.contains("at least 12"))
        let email = try run(["admin", "add", "--data", data, "--business", "bistro", "--email", "chef@"],
                            stdin: Self.password + "\n")
        #expect(email.status == 2 && email.stderr.contains("is not an e-mail address"))
        let scope = try run(["admin", "add", "--data", data, "--email", "chef@bistro.fr"], stdin: Self.password + "\n")
        #expect(scope.status == 2 && scope.stderr.contains("--business ID or --platform"))
        let both = try run(["admin", "add", "--data", data, "--business", "b", "--platform", "--email", "chef@bistro.fr"],
                           stdin: Self.password + "\n")
        #expect(both.status == 2 && both.stderr.contains("not both"))
        let unset = try run(["admin", "add", "--data", data, "--platform", "--email", "chef@bistro.fr",
                             "--password-env", "SPEEDAI_TEST_SURELY_UNSET"])
        #expect(unset.status == 1 && unset.stderr.contains("SPEEDAI_TEST_SURELY_UNSET"))
        let noLine = try run(["admin", "add", "--data", data, "--platform", "--email", "chef@bistro.fr"])
        #expect(noLine.status == 1 && noLine.stderr.contains("no password"))
        // Refused before the database is touched: not even the file was created.
        #expect(!FileManager.default.fileExists(atPath: data + "/speedai.db"))
    }

    @Test("a duplicate needs --replace; remove deletes; unknown admin is an error")
    func replaceAndRemove() throws {
        let data = dataFolder()
        let add = ["admin", "add", "--data", data, "--business", "bistro", "--email", "chef@bistro.fr"]
        #expect(try run(add, stdin: Self.password + "\n").status == 0)
        let duplicate = try run(add, stdin: Self.password + "\n")
        #expect(duplicate.status == 1 && duplicate.stderr.contains("already exists"))
        let replaced = try run(add + ["--replace"], stdin: "un autre mot de passe\n")
        #expect(replaced.status == 0 && replaced.stdout.contains("replaced chef@bistro.fr"))
        let removed = try run(["admin", "remove", "--data", data, "--email", "chef@bistro.fr"])
        #expect(removed.status == 0 && removed.stdout.contains("removed chef@bistro.fr"))
        let again = try run(["admin", "remove", "--data", data, "--email", "chef@bistro.fr"])
        #expect(again.status == 1 && again.stderr.contains("no admin chef@bistro.fr"))
        let missing = try run(["admin", "list", "--data", dataFolder()])
        #expect(missing.status == 1 && missing.stderr.contains("no database"))
    }

    @Test("listed in the overview")
    func overview() throws {
        let result = try run(["--help"])
        #expect(result.stdout.contains("admin") && result.stdout.contains("dashboard admin accounts"))
    }
}
