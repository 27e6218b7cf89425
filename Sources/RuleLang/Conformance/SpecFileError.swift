/// The error a spec runner throws when a whole suite file is unusable (not JSON, no
/// test list), as opposed to one case failing, which is a `SpecCaseResult`.

/// A conformance file that could not be read as a suite.
public struct SpecFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file name as given to the runner.
    public let fileName: String
    /// What is wrong, in plain words.
    public let message: String

    /// Creates an error for `fileName`.
    public init(fileName: String, message: String) {
        self.fileName = fileName
        self.message = message
    }

    /// `fileName: message`.
    public var description: String { "\(fileName): \(message)" }
}
