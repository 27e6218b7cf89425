/// TEXT values (RFC 5545 section 3.3.11): `\n` or `\N` is a line break and `\,` `\;`
/// `\\` stand for themselves, so `SUMMARY:Table 4\, terrasse` reads "Table 4, terrasse".
enum ICalText {
    /// The text a TEXT value stands for. An unknown escape such as `\x` is kept as
    /// written rather than rejected: calendar exports are often sloppy about it.
    static func unescape(_ value: String) -> String {
        guard value.contains("\\") else { return value }
        var result = ""
        var escaping = false
        for character in value {
            if escaping {
                switch character {
                case "n", "N": result.append("\n")
                case ",", ";", "\\", ":", "\"": result.append(character)
                default:
                    result.append("\\")
                    result.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        if escaping { result.append("\\") }
        return result
    }
}
