/// The establishment the end-to-end tests run against: its rule file, the evening the tests
/// fill, and the French spellings the SMS use. Written independently of the engine's own
/// formatting code so the tests check it rather than repeat it.
import Foundation

/// `testbistro`: one dinner service 19:00–22:00 every day, 30-minute slots of 2 covers.
enum TestBistro {
    /// The business id (and rule file name).
    static let id = "testbistro"

    /// The rule file under test.
    static let rules = """
    # Test establishment of the end-to-end tests.
    establishment {
      id = "testbistro"
      name = "Le Bistrot de Test"
      timezone = "Europe/Paris"
    }

    slots {
      length = 30m
      capacity = 2

      service dinner {
        name = "dinner"
        days = [mon, tue, wed, thu, fri, sat, sun]
        hours = 19:00-22:00
      }
    }

    matching {
      match = slot.start in entry.slots && entry.party_size <= slot.free
    }

    offers {
      strategy = sequential
      timeout = 5m
      stop_before = 15m
      quiet_hours = none
    }

    calendar {
      poll_every = 10s
    }

    """

    /// The Paris time zone the establishment lives in.
    static let zone = TimeZone(identifier: "Europe/Paris")!

    /// The slot starts of the dinner service, as `HH:mm`.
    static let slotTimes = ["19:00", "19:30", "20:00", "20:30", "21:00", "21:30"]

    /// A Gregorian calendar in Paris time.
    static var parisCalendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// The evening the tests book: three days from today (Paris), so every slot is in the
    /// future and far from `stop_before`, whatever time the tests run.
    static func evening(daysAhead: Int = 3) -> Evening {
        let calendar = parisCalendar
        let day = calendar.date(byAdding: .day, value: daysAhead, to: calendar.startOfDay(for: Date()))!
        let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
        return Evening(year: parts.year!, month: parts.month!, day: parts.day!, gregorianWeekday: parts.weekday!)
    }
}

/// One evening of the test bistro.
struct Evening {
    var year: Int
    var month: Int
    var day: Int
    /// Foundation's weekday: 1 is Sunday.
    var gregorianWeekday: Int

    /// `2025-01-18`.
    var isoDate: String { String(format: "%04d-%02d-%02d", year, month, day) }

    /// `2025-01-18T19:30:00`, as the API and the `calendar` command take it.
    func slot(_ time: String) -> String { "\(isoDate)T\(time):00" }

    /// `2025-01-18T19:30`, the value of a slot checkbox on the waitlist page.
    func formValue(_ time: String) -> String { "\(isoDate)T\(time)" }

    /// `samedi 18 janvier`, `samedi 1er février`: how the SMS and pages write the date.
    var frenchDate: String {
        let weekdays = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"]
        let months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                      "septembre", "octobre", "novembre", "décembre"]
        return "\(weekdays[gregorianWeekday - 1]) \(day == 1 ? "1er" : "\(day)") \(months[month - 1])"
    }

    /// `19h30`, `20h`.
    static func frenchTime(_ time: String) -> String {
        let parts = time.split(separator: ":").map { Int($0)! }
        return parts[1] == 0 ? "\(parts[0])h" : "\(parts[0])h\(String(format: "%02d", parts[1]))"
    }
}

/// The product spec's SMS texts for the test bistro (default templates).
enum SpecSMS {
    /// The initial SMS with the waitlist link.
    static func initial(link: String) -> String {
        "Votre créneau souhaité n’est pas disponible.\nVous pouvez rejoindre la liste d’attente en quelques secondes ici\u{202F}:\n\(link)"
    }

    /// The offer SMS with its two links.
    static func offer(date: String, time: String, yes: String, no: String) -> String {
        "Une place s’est libérée pour \(date) à \(time).\nConfirmez-vous votre venue\u{202F}?\n\n✅ Oui\u{202F}: \(yes)\n❌ Non\u{202F}: \(no)"
    }

    /// The confirmation after Oui.
    static func confirmed(date: String, time: String) -> String {
        "C’est confirmé\u{202F}: votre réservation du \(date) à \(time) chez Le Bistrot de Test est enregistrée. À bientôt\u{202F}!"
    }

    /// The acknowledgement after Non.
    static func declined(date: String, time: String) -> String {
        "C’est noté, la place du \(date) à \(time) est proposée à la personne suivante. Merci de votre réponse."
    }

    /// The notice after an unanswered offer.
    static func expired(date: String, time: String) -> String {
        "Sans réponse de votre part, la place du \(date) à \(time) ne vous est plus réservée."
    }
}
