/// The establishment `serve --demo` runs: a small restaurant whose dinner service tomorrow
/// (relative to today) is fully booked in the local calendar, so a trigger, a cancellation
/// and an offer can be watched end to end within a minute.
import Runtime

/// The demo's rule file and calendar.
public enum DemoEstablishment {
    /// The business id of the demo.
    public static let id = "demo"

    /// `rules/demo.rules` as `serve --demo` writes it when the rules folder has none.
    public static let rules = """
    # Le restaurant de démonstration de `speedai-rules serve --demo`.
    establishment {
      id = "demo"
      name = "Le Petit Bistrot (démo)"
      timezone = "Europe/Paris"
      public_url = "http://127.0.0.1:8080"
    }

    slots {
      length = 30m
      capacity = 8 # couverts par créneau

      service dinner {
        name = "Dîner"
        days = [mon, tue, wed, thu, fri, sat, sun]
        hours = 19:00-22:00
      }
    }

    alternatives {
      same_service = true
      step = 30m
      max_distance = 1h30m
      max_count = 4
    }

    matching {
      match = slot.start in entry.slots && entry.party_size <= slot.free
    }

    # « Monter » / « Descendre » depuis le tableau de bord : 10 minutes d’avance par point.
    priority {
      order = entry.joined_at
      boost manual {
        when = entry.priority != 0
        by = duration('10m') * entry.priority
      }
    }

    offers {
      strategy = sequential
      timeout = 2m
      stop_before = 15m
      quiet_hours = none
    }

    link {
      lifetime = 48h
    }

    calendar {
      poll_every = 10s
    }

    """

    /// Bookings filling every dinner slot of the evening after `now` (two tables of four
    /// per slot), unless the calendar already has bookings from `now` on.
    public static func seedBookings(now: Instant, zone: ZoneConverter) -> [LocalCalendarEvent] {
        let today = zone.local(now)
        let tomorrow = CivilDateTime(utcSeconds: CivilDateTime(year: today.year, month: today.month, day: today.day).utcSeconds + 86_400)
        let names = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
                     "Simon", "Laurent"]
        var events: [LocalCalendarEvent] = []
        for (slotIndex, minute) in stride(from: 19 * 60, to: 22 * 60, by: 30).enumerated() {
            let start = zone.instant(CivilDateTime(year: tomorrow.year, month: tomorrow.month, day: tomorrow.day,
                                                   hour: minute / 60, minute: minute % 60))
            for table in 0..<2 {
                let name = names[(slotIndex * 2 + table) % names.count]
                events.append(LocalCalendarEvent(business: id, uid: "demo-\(slotIndex * 2 + table + 1)", start: start,
                                                 end: start + .seconds(1800), units: 4, summary: "\(name) (4)"))
            }
        }
        return events
    }
}
