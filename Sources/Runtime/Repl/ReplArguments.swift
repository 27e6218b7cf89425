/// The words after a repl command, consumed left to right: positional words, `--flag VALUE`
/// options and the `--name Camille Martin` kind that takes every word up to the next option.
/// Each command says what it expects, so a leftover word is reported instead of ignored.

import RuleLang

/// The arguments of one command line.
struct ReplArguments {
    /// The command word, for messages.
    let command: String
    /// Words not consumed yet, in order.
    private(set) var words: [String]

    /// Splits `text` on blanks.
    init(command: String, text: String) {
        self.command = command
        self.words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }

    /// Whether every word was consumed.
    var isEmpty: Bool { words.isEmpty }

    /// The next word, if any, without consuming it.
    var peek: String? { words.first }

    /// Consumes the next word, or fails saying what was expected.
    mutating func next(_ what: String, example: String) throws(ReplError) -> String {
        guard let word = words.first else {
            throw ReplError("'\(command)' needs \(what)", help: "for example: \(example)")
        }
        words.removeFirst()
        return word
    }

    /// Consumes the next word when there is one that is not an option.
    mutating func nextIfPresent() -> String? {
        guard let word = words.first, !word.hasPrefix("--") else { return nil }
        words.removeFirst()
        return word
    }

    /// Removes `--name VALUE...` and returns the value words joined by a space; nil when the
    /// option is absent. `multiWord` options take every word up to the next option.
    mutating func option(_ name: String, multiWord: Bool = false) throws(ReplError) -> String? {
        guard let index = words.firstIndex(of: name) else { return nil }
        var end = index + 1
        while end < words.count && !words[end].hasPrefix("--") && (multiWord || end == index + 1) { end += 1 }
        guard end > index + 1 else {
            throw ReplError("'\(name)' needs a value", help: "for example: \(command) ... \(name) 2")
        }
        let value = words[(index + 1)..<end].joined(separator: " ")
        words.removeSubrange(index..<end)
        return value
    }

    /// Fails when words are left over, or when an unknown option remains.
    func finish(options: [String] = []) throws(ReplError) {
        guard let extra = words.first else { return }
        if extra.hasPrefix("--") {
            let hint = Suggestions.didYouMean(extra, among: options)
            throw ReplError("'\(command)' has no option '\(extra)'",
                            help: hint ?? (options.isEmpty ? "type 'help \(command)'" : "its options are \(options.joined(separator: ", "))"))
        }
        throw ReplError("'\(command)' does not expect '\(words.joined(separator: " "))'", help: "type 'help \(command)' for its usage")
    }
}
