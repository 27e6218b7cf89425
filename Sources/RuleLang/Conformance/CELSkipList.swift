/// The list of CEL conformance cases deliberately not run, each with its reason, so the
/// suite's pass rate is honest about what is out of scope (protobuf messages, wrappers,
/// enums). Text format, one entry per line:
///
///     comparisons/eq_wrapper/*   # protobuf wrapper messages are not supported
///
/// An entry is `file/section/name`; `*` stands for a whole section or name. The `# reason`
/// is mandatory. Blank lines and lines starting with `#` are ignored.
public struct CELSkipList: Sendable {
    /// One skipped case or group of cases.
    public struct Entry: Sendable, Hashable {
        /// The conformance file, without `.json`.
        public let file: String
        /// `*` for every section.
        public let section: String
        /// `*` for every case of the section.
        public let name: String
        /// Why the cases are skipped.
        public let reason: String
        /// 1-based line in the skip file.
        public let line: Int
    }

    /// The entries in file order.
    public let entries: [Entry]

    /// An empty list: nothing is skipped.
    public init() { entries = [] }

    /// Parses a skip file; a malformed line (no reason, not three parts) is an error.
    public init(parsing text: String) throws(CELSkipListError) {
        var entries: [Entry] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimming(" \t\r")
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let hash = line.firstIndex(of: "#") else {
                throw CELSkipListError(line: index + 1, message: "'\(line)' has no reason; add one after '#', like: \(line)  # why it is skipped")
            }
            let reason = line[line.index(after: hash)...].trimming(" \t")
            let id = line[..<hash].trimming(" \t")
            guard !reason.isEmpty else {
                throw CELSkipListError(line: index + 1, message: "the reason after '#' is empty")
            }
            let parts = id.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, !id.contains(where: { $0 == " " || $0 == "\t" }), parts.allSatisfy({ !$0.isEmpty }) else {
                throw CELSkipListError(line: index + 1, message: "'\(id)' is not a case id; write file/section/name (a '*' may stand for a section or a name)")
            }
            entries.append(Entry(file: parts[0], section: parts[1], name: parts[2], reason: reason, line: index + 1))
        }
        self.entries = entries
    }

    /// Why the case is skipped, or nil when it should run.
    public func reason(file: String, section: String, name: String) -> String? {
        entries.first { entry in
            entry.file == file && (entry.section == "*" || entry.section == section) && (entry.name == "*" || entry.name == name)
        }?.reason
    }
}

/// A malformed line in a skip file.
public struct CELSkipListError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based line number.
    public let line: Int
    /// What is wrong with the line.
    public let message: String

    /// An error for one line.
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    /// `line N: message`.
    public var description: String { "line \(line): \(message)" }
}

extension StringProtocol {
    /// The text without leading and trailing characters from `set`.
    fileprivate func trimming(_ set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
