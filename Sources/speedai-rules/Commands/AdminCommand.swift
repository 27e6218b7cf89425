/// `speedai-rules admin add|list|remove`: manages the dashboard's admin accounts in the data
/// folder's database. Passwords never appear on the command line (where `ps` and the shell
/// history would keep them): they come from an environment variable or from stdin.
import Connectors
import Foundation
import Runtime

/// Creates, lists and removes dashboard admins.
enum AdminCommand: Command {
    static let name = "admin"
    static let summary = "add, list or remove dashboard admin accounts"
    /// The shortest password accepted.
    static let minimumPasswordLength = 12
    static let options: [OptionSpec] = [
        .value("--data", help: "data folder of the server (speedai.db)"),
        .value("--email", help: "the admin's login"),
        .value("--business", help: "add: the establishment this admin manages"),
        .flag("--platform", help: "add: a platform admin, who sees every establishment"),
        .value("--password-env", help: "add: read the password from this environment variable"),
        .flag("--replace", help: "add: replace an existing account (new password, sessions ended)"),
    ]
    static let help = """
    Usage: speedai-rules admin add    --data DIR (--business ID | --platform) --email EMAIL [--password-env VAR] [--replace]
           speedai-rules admin list   --data DIR
           speedai-rules admin remove --data DIR --email EMAIL

    Dashboard admins sign in at /admin/login. An establishment admin sees only their
    establishment; a platform admin (--platform) sees them all. The password (at least \
    \(minimumPasswordLength) characters) is read from the environment variable named by
    --password-env, else as one line on stdin; it is stored only as a PBKDF2-SHA256 hash.
    Removing an admin, or replacing one with --replace, ends their open sessions.

    Options:
    \(options.map { "  " + $0.names[0].padding(toLength: 15, withPad: " ", startingAt: 0) + $0.help }.joined(separator: "\n"))
    """

    static func run(_ arguments: inout ParsedArguments) throws -> Int32 {
        guard arguments.positional.count == 1, let action = arguments.positional.first,
              ["add", "list", "remove"].contains(action) else {
            throw UsageError(message: "give one of: add, list, remove")
        }
        guard let data = arguments.last("--data") else { throw UsageError(message: "--data DIR is required") }
        let path = SQLiteStore.defaultPath(dataDirectory: data)
        if action != "add", !FileManager.default.fileExists(atPath: path) {
            Output.error("error: no database at \(path): add an admin or start `speedai-rules serve --data \(data)` first")
            return ExitStatus.failure
        }
        switch action {
        case "add": return try add(arguments, path: path)
        case "list": return list(path: path)
        default: return try remove(arguments, path: path)
        }
    }

    // MARK: Actions

    private static func add(_ arguments: ParsedArguments, path: String) throws -> Int32 {
        let email = try validEmail(arguments)
        let business = arguments.last("--business")
        switch (business, arguments.has("--platform")) {
        case (nil, false): throw UsageError(message: "add needs --business ID or --platform")
        case (.some, true): throw UsageError(message: "give --business ID or --platform, not both")
        default: break
        }
        if let business, business.isEmpty || business.contains(where: { $0.isWhitespace || $0 == "/" }) {
            throw UsageError(message: "--business '\(business)' is not a business id (no spaces or slashes)")
        }
        guard let password = try readPassword(arguments) else { return ExitStatus.failure }
        guard password.count >= minimumPasswordLength else {
            Output.error("error: the password has \(password.count) characters; use at least \(minimumPasswordLength)")
            return ExitStatus.failure
        }
        return withStore(path) { store throws(StoreError) in
            let existing = try store.admin(email: email)
            if existing != nil, !arguments.has("--replace") {
                Output.error("error: admin \(email) already exists; add --replace to give it a new password")
                return ExitStatus.failure
            }
            if let business, try store.business(id: business) == nil {
                Output.error("warning: no business \"\(business)\" has been served from this data folder yet")
            }
            var batch = StoreBatch()
            if existing != nil { batch.adminsRemoved = [email] }
            batch.admins = [AdminRow(email: email, business: business, passwordHash: PasswordHasher().hash(password),
                                     createdAt: SystemClock().now())]
            try store.commit(batch)
            Output.print("\(existing == nil ? "added" : "replaced") \(email) (\(business.map { "business \($0)" } ?? "platform admin"))")
            return ExitStatus.success
        }
    }

    private static func list(path: String) -> Int32 {
        withStore(path) { store throws(StoreError) in
            let admins = try store.admins()
            if admins.isEmpty { Output.error("no admin yet; create one with `speedai-rules admin add`") }
            for admin in admins {
                Output.print("\(admin.email)\t\(admin.business ?? "(platform)")\t\(admin.createdAt)")
            }
            return ExitStatus.success
        }
    }

    private static func remove(_ arguments: ParsedArguments, path: String) throws -> Int32 {
        let email = try validEmail(arguments)
        return withStore(path) { store throws(StoreError) in
            guard try store.admin(email: email) != nil else {
                Output.error("error: no admin \(email)")
                return ExitStatus.failure
            }
            var batch = StoreBatch()
            batch.adminsRemoved = [email]
            try store.commit(batch)
            Output.print("removed \(email)")
            return ExitStatus.success
        }
    }

    // MARK: Helpers

    /// `--email`, normalised, checked with the waitlist form's rules.
    private static func validEmail(_ arguments: ParsedArguments) throws -> String {
        guard let given = arguments.last("--email") else { throw UsageError(message: "--email EMAIL is required") }
        let email = AdminAuthenticator.normalizedEmail(given)
        guard EmailAddress.isValid(email) else { throw UsageError(message: "--email '\(given)' is not an e-mail address") }
        return email
    }

    /// The password from `--password-env VAR`, else one line of stdin (echo off on a terminal).
    private static func readPassword(_ arguments: ParsedArguments) throws -> String? {
        if let variable = arguments.last("--password-env") {
            guard let value = ProcessInfo.processInfo.environment[variable] else {
                Output.error("error: the environment variable \(variable) (--password-env) is not set")
                return nil
            }
            return value
        }
        let terminal = isatty(STDIN_FILENO) == 1
        var saved = termios()
        if terminal {
            FileHandle.standardError.write(Data("Password: ".utf8))
            tcgetattr(STDIN_FILENO, &saved)
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &silent)
        }
        let line = readLine(strippingNewline: true)
        if terminal {
            tcsetattr(STDIN_FILENO, TCSANOW, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line else {
            Output.error("error: no password: set --password-env VAR or give it as one line on stdin")
            return nil
        }
        return line
    }

    /// Runs `body` on the store at `path`, printing store errors; closes the store after.
    private static func withStore(_ path: String, _ body: (SQLiteStore) throws(StoreError) -> Int32) -> Int32 {
        do throws(StoreError) {
            let store = try SQLiteStore(path: path)
            defer { store.close() }
            return try body(store)
        } catch {
            Output.error("error: \(error)")
            return ExitStatus.failure
        }
    }
}
