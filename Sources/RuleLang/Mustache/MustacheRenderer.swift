/// Walks parsed nodes against a context stack and writes the result into one output
/// string. Name lookup, sections and partial indentation follow the Mustache spec;
/// nothing here re-reads template source, so a template parsed once renders fast.

/// The state of one `render` call.
struct MustacheRenderer {
    /// Partials nested deeper than this render as empty: a partial that includes itself
    /// without data to end the recursion must not crash the process.
    static let maximumPartialDepth = 100

    private let partials: [String: MustacheTemplate]
    private let escaping: MustacheEscaping
    private var contextStack: [MustacheValue]
    private var partialDepth = 0
    /// Indentation owed before the next character written: set after each template
    /// newline inside an indented partial, paid (or dropped) at the next write.
    private var pendingIndentation: String?
    private(set) var output = ""

    init(context: MustacheValue, partials: [String: MustacheTemplate], escaping: MustacheEscaping, capacity: Int) {
        self.partials = partials
        self.escaping = escaping
        self.contextStack = [context]
        contextStack.reserveCapacity(8)
        output.reserveCapacity(capacity)
    }

    /// Renders `nodes`; `indentation` prefixes every line of template text (non-empty
    /// only inside a standalone partial tag that was indented).
    mutating func render(_ nodes: [MustacheNode], indentation: String) {
        for node in nodes {
            switch node {
            case .text(let text):
                writeTemplateText(text, indentation: indentation)
            case .variable(let path, let escaped):
                let text = resolve(path).interpolationText
                payPendingIndentation()
                (escaped ? escaping : .none).append(text, to: &output)
            case .section(let path, let inverted, let children):
                renderSection(resolve(path), inverted: inverted, children: children, indentation: indentation)
            case .partial(let name, let tagIndentation, let standalone):
                renderPartial(named: name, tagIndentation: tagIndentation, standalone: standalone, indentation: indentation)
            }
        }
    }

    private mutating func renderSection(_ value: MustacheValue, inverted: Bool, children: [MustacheNode], indentation: String) {
        if inverted {
            if !value.isTruthy { render(children, indentation: indentation) }
            return
        }
        switch value {
        case .list(let items):
            for item in items {
                contextStack.append(item)
                render(children, indentation: indentation)
                contextStack.removeLast()
            }
        default:
            guard value.isTruthy else { return }
            contextStack.append(value)
            render(children, indentation: indentation)
            contextStack.removeLast()
        }
    }

    /// A missing partial renders as nothing, as the spec requires. A standalone partial
    /// is indented like its tag (on top of any indentation already in force); an inline
    /// one is not indented at all.
    private mutating func renderPartial(named name: String, tagIndentation: String, standalone: Bool, indentation: String) {
        guard let template = partials[name], partialDepth < Self.maximumPartialDepth else { return }
        partialDepth += 1
        defer { partialDepth -= 1 }
        if standalone {
            let partialIndentation = indentation + tagIndentation
            pendingIndentation = partialIndentation.isEmpty ? nil : partialIndentation
            render(template.nodes, indentation: partialIndentation)
            // The tag's line was removed with its newline, so the caller is at a line start.
            pendingIndentation = indentation.isEmpty ? nil : indentation
        } else {
            render(template.nodes, indentation: "")
        }
    }

    // MARK: - Names

    /// Resolves a dotted name: the first part is searched from the innermost context
    /// outwards; the other parts are looked up only in what the previous part found.
    /// Anything missing is `null`.
    private func resolve(_ path: [String]) -> MustacheValue {
        guard let first = path.first else { return contextStack[contextStack.count - 1] }
        var value: MustacheValue = .null
        for context in contextStack.reversed() {
            if let found = context[first] {
                value = found
                break
            }
        }
        for part in path.dropFirst() {
            guard let found = value[part] else { return .null }
            value = found
        }
        return value
    }

    // MARK: - Writing

    private mutating func writeTemplateText(_ text: String, indentation: String) {
        guard !indentation.isEmpty || pendingIndentation != nil else {
            output += text
            return
        }
        let utf8 = text.utf8
        var lineStart = utf8.startIndex
        while let newline = utf8[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
            let nextLine = utf8.index(after: newline)
            payPendingIndentation()
            output += text[lineStart..<nextLine]
            pendingIndentation = indentation.isEmpty ? nil : indentation
            lineStart = nextLine
        }
        if lineStart != utf8.endIndex {
            payPendingIndentation()
            output += text[lineStart...]
        }
    }

    private mutating func payPendingIndentation() {
        if let indentation = pendingIndentation {
            output += indentation
            pendingIndentation = nil
        }
    }
}
