/// "Did you mean" for rule-file names. Edit distance alone misses a common slip: a key
/// prefixed with its block's name (`ofer_timeout` for `timeout` in `offers`), so the
/// words after an underscore are tried too.
enum RuleSuggestions {
    /// The closest candidate to `name`, or nil when nothing is plausible.
    static func closest(to name: String, among candidates: [String]) -> String? {
        if let best = Suggestions.closest(to: name, among: candidates) { return best }
        let words = name.split(separator: "_").map(String.init)
        guard words.count > 1 else { return nil }
        for start in 1..<words.count {
            let tail = words[start...].joined(separator: "_")
            if let best = Suggestions.closest(to: tail, among: candidates) { return best }
        }
        return nil
    }
}
