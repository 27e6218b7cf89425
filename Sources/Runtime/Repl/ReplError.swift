/// A command the admin typed that cannot be carried out (unknown command, a time that is
/// not a time, an unknown entry). The session prints it and changes nothing.

/// A mistake in one repl command, worded for the establishment admin.
public struct ReplError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// How to fix it, when a fix is likely.
    public var help: String?

    /// An error from its parts.
    public init(_ message: String, help: String? = nil) {
        self.message = message
        self.help = help
    }

    /// `error: ...` then `  help: ...` on its own line when there is help.
    public var description: String {
        "error: \(message)" + (help.map { "\n  help: \($0)" } ?? "")
    }
}
