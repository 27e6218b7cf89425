/// What the engine benchmarks (sections 3 and 4) share: the rule file of a restaurant
/// with one dinner service, Paris wall-clock instants, and a seeded random source so
/// every run generates the same waitlist and the same year.
import RuleLang
import Runtime

enum EngineBench {
    /// A restaurant open every evening 19:00-23:00, 30-minute slots of 16 covers; the
    /// match and priority of the shipped bistrot rules.
    static let rulesText = """
    establishment {
      id = "bench"
      name = "Bistrot du Bench"
      timezone = "Europe/Paris"
    }
    slots {
      length = 30m
      capacity = 16
      service dinner {
        hours = 19:00-23:00
      }
    }
    matching {
      match = slot.start in entry.slots && entry.party_size <= slot.free
    }
    priority {
      order = entry.joined_at
      boost regulars {
        when = entry.visits >= 5
        by = 30m
      }
    }
    offers {
      strategy = sequential
      timeout = 15m
      stop_before = 30m
      quiet_hours = 22:00-08:00
    }
    """

    /// The compiled rules; a bench on rules that do not compile would time error paths.
    static let rules: RuleSet = {
        let compilation = RuleCompiler.compile(SourceFile(name: "bench-engine.rules", text: rulesText))
        guard let rules = compilation.ruleSet, !compilation.hasErrors else {
            fatalError("engine benchmark rules do not compile: \(compilation.diagnostics.map(\.message))")
        }
        return rules
    }()

    static let paris = ZoneConverter(identifier: "Europe/Paris")!

    /// `hour:minute` in Paris, `day` days after Wednesday 1 January 2025.
    static func at(day: Int, _ hour: Int, _ minute: Int = 0) -> Instant {
        let date = CivilDateTime(utcSeconds: CivilDateTime(year: 2025, month: 1, day: 1).utcSeconds + Int64(day) * 86_400)
        return paris.instant(CivilDateTime(year: date.year, month: date.month, day: date.day, hour: hour, minute: minute))
    }

    /// The evening's slot starts, 19:00 to 22:30.
    static func eveningStarts(day: Int) -> [Instant] {
        (0..<8).map { at(day: day, 19 + $0 / 2, ($0 % 2) * 30) }
    }
}

