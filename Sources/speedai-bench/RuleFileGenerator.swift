import RuleLang

/// Generates large but realistic rule files for the parse+check benchmark: many service
/// and boost blocks (the only repeatable blocks), with literals, CEL expressions and
/// comments in the proportions of the shipped examples.
enum RuleFileGenerator {
    /// A rule file of about `lines` lines, plus the same settings as a JSON document (the
    /// in-process baseline: Foundation's JSON parser reading equivalent data).
    static func generate(lines: Int) -> (rules: String, json: String) {
        var rules = """
        # Generated benchmark file
        establishment {
          id = "bench"
          name = "Benchmark Bistrot"
          timezone = "Europe/Paris"
        }

        matching {
          match = slot.start in entry.slots && entry.party_size <= slot.free
        }

        offers {
          strategy = hybrid
          timeout = min(duration('15m'), (slot.start - now) / 4)
        }

        """
        var json: [String] = []
        var produced = newlineCount(rules)
        var index = 0
        // Forty back-to-back services (so the file stays free of overlap warnings), then
        // boost blocks, whose CEL conditions make the checker do real work, to the end.
        rules += "slots {\n  length = 10m\n  capacity = 4\n"
        produced += 3
        while index < 40 {
            let hours = RuleSet.TimeRange(start: 6 * 60 + index * 20, end: 6 * 60 + index * 20 + 20)
            let ends = hours.description.split(separator: "-")
            let name = "service_\(index)"
            let chunk = """
              # service number \(index)
              service \(name) {
                name = "Service \(index)"
                days = [mon, tue, wed, thu, fri, sat, sun]
                hours = \(hours)
              }

            """
            json.append(#"{"kind":"service","label":"\#(name)","name":"Service \#(index)","days":["mon","tue","wed","thu","fri","sat","sun"],"hours":["\#(ends[0])","\#(ends[1])"]}"#)
            rules += chunk
            produced += newlineCount(chunk)
            index += 1
        }
        rules += "}\n\npriority {\n  order = entry.joined_at\n"
        produced += 4
        var boost = 0
        while produced < lines - 1 {
            let chunk = """
              boost b\(boost) {
                when = entry.visits >= \(boost % 10) && entry.party_size <= \(2 + boost % 6)
                by = \(5 + boost % 50)m
              }

            """
            json.append(#"{"kind":"boost","label":"b\#(boost)","when":"entry.visits >= \#(boost % 10) && entry.party_size <= \#(2 + boost % 6)","by":"\#(5 + boost % 50)m"}"#)
            rules += chunk
            produced += newlineCount(chunk)
            boost += 1
        }
        rules += "}\n"
        return (rules, "[" + json.joined(separator: ",\n") + "]")
    }

    private static func newlineCount(_ text: String) -> Int {
        text.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }
}
