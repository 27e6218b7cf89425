/// Shared helpers for the engine tests: inline rule files, Paris wall-clock instants on
/// Saturday 18 January 2025, and effect filters.
import RuleLang
@testable import Runtime

enum EngineFixture {
    static let paris = ZoneConverter(identifier: "Europe/Paris")!

    /// 2025-01-18 (a Saturday) at `hour:minute` in Paris, `dayOffset` days later.
    static func at(_ hour: Int, _ minute: Int = 0, dayOffset: Int = 0) -> Instant {
        paris.instant(CivilDateTime(year: 2025, month: 1, day: 18 + dayOffset, hour: hour, minute: minute))
    }

    /// A rule file with one dinner service 19:00-23:00 and the given `offers` settings.
    static func rules(capacity: Int = 1, offers: String = "", extra: String = "") -> RuleSet {
        var settings = offers
        for (key, value) in [("quiet_hours", "none"), ("stop_before", "30m"), ("timeout", "15m")]
        where !offers.contains(key) {
            settings += "\n  \(key) = \(value)"
        }
        let text = """
        establishment {
          name = "Chez Test"
          timezone = "Europe/Paris"
        }
        slots {
          length = 30m
          capacity = \(capacity)
          service dinner {
            hours = 19:00-23:00
          }
        }
        offers {
        \(settings)
        }
        \(extra)
        """
        let compilation = RuleCompiler.compile(SourceFile(name: "test.rules", text: text))
        guard let rules = compilation.ruleSet, !compilation.hasErrors else {
            fatalError("test rules do not compile: \(compilation.diagnostics.map(\.message))")
        }
        return rules
    }

    /// A booking filling `capacity` units of the slot starting at `start`.
    static func booking(_ id: String, _ start: Instant, units: Int = 1) -> BusyInterval {
        BusyInterval(id: id, start: start, end: start + .seconds(1800), units: units)
    }
}

extension Array where Element == EngineEffect {
    /// SMS effects as (entry, template).
    var sms: [(Int, String)] {
        compactMap { if case let .sendSMS(_, template, _, entry) = $0 { return (entry, template) } else { return nil } }
    }
    /// SMS texts.
    var smsTexts: [String] {
        compactMap { if case let .sendSMS(_, _, text, _) = $0 { return text } else { return nil } }
    }
    /// Entries that got an offer SMS, in order.
    var offeredEntries: [Int] { sms.filter { $0.1 == "offer" }.map(\.0) }
    /// Bookings as (entry, slot start).
    var bookings: [(Int, Instant)] {
        compactMap { if case let .createBooking(slot, _, entry, _) = $0 { return (entry, slot.start) } else { return nil } }
    }
}

extension WaitlistEngine {
    /// Trigger plus form for one customer; returns the entry id.
    @discardableResult
    mutating func join(_ phone: String, token: String, slots: [Instant], party: Int = 1, lastName: String = "Martin",
                       at now: Instant) -> Int {
        _ = handle(.trigger(phone: phone, requestedStart: slots[0], source: "phone", token: token), at: now)
        _ = handle(.formSubmitted(token: token, firstName: "Léa", lastName: lastName, email: "",
                                  partySize: party, slots: slots), at: now)
        return state.entries.count
    }

    func status(_ id: Int) -> EntryStatus? { state.entry(id)?.status }
}
