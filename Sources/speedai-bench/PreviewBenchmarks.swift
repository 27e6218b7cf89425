/// `make bench` section 7: the rules page preview (« Aperçu ») replays a week's tape twice,
/// so its cost is two dry-runs. The tape here is the worst case the preview was measured on:
/// thousands of callers asking for the same full Friday slot, every one joining the line,
/// then cancellations and answers on the day. Timed as the preview does it (compile, parse,
/// replay, summary) and as `speedai-rules dry-run` does it (plus the transcript text).
import Foundation
import RuleLang
import Runtime

enum PreviewBenchmarks {
    /// The rules of the replay: the bistrot of `examples/tapes/bistrot-friday`, inlined so the
    /// bench does not depend on the working directory.
    static let rules = """
        establishment {
          id = "bistrot"
          name = "Le Bistrot du Port"
          timezone = "Europe/Paris"
          public_url = "https://app.speedai.io"
        }
        slots {
          length = 30m
          capacity = 40
          closed = [mon]
          service lunch {
            name = "Déjeuner"
            days = [tue, wed, thu, fri, sat, sun]
            hours = 12:00-14:30
          }
          service dinner {
            name = "Dîner"
            days = [tue, wed, thu, fri, sat]
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
          strategy = hybrid
          broadcast_before = 2h
          timeout = min(duration('15m'), (slot.start - now) / 4)
          stop_before = 20m
          max_offers_per_entry = 3
          quiet_hours = 23:00-09:00
          hold = false
        }
        link {
          lifetime = 48h
        }
        """

    /// A tape of `triggers` callers for Friday 17 January 2025 at 20:00 (every slot of the
    /// day full), each joining a minute later, from Tuesday morning on; then on Friday
    /// afternoon ten cancellations at 20:00/20:30 and answers from the first callers.
    static func tape(triggers: Int, joining: Bool = true) -> TapeFiles {
        let zone = ZoneConverter(identifier: "Europe/Paris")!
        func local(_ instant: Instant) -> String {
            let time = zone.local(instant)
            return String(format: "%04d-%02d-%02dT%02d:%02d:%02d+01:00", time.year, time.month, time.day, time.hour, time.minute,
                          time.second)
        }
        let tuesday = zone.instant(CivilDateTime(year: 2025, month: 1, day: 14, hour: 9, minute: 0))
        let friday = zone.instant(CivilDateTime(year: 2025, month: 1, day: 17, hour: 12, minute: 0))
        let spacing = max(1, (friday - tuesday).components.seconds / Int64(triggers))
        var calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//SpeedAI//bench//FR\r\n"
        var uid = 0
        for (hour, minute) in [(12, 0), (12, 30), (13, 0), (13, 30), (14, 0), (19, 0), (19, 30), (20, 0), (20, 30),
                               (21, 0), (21, 30), (22, 0), (22, 30)] {
            for _ in 0..<10 {
                uid += 1
                let end = minute == 30 ? String(format: "%02d0000", hour + 1) : String(format: "%02d3000", hour)
                calendar += "BEGIN:VEVENT\r\nUID:b-\(uid)\r\nDTSTAMP:20250101T000000Z\r\n"
                calendar += "DTSTART;TZID=Europe/Paris:20250117T\(String(format: "%02d%02d00", hour, minute))\r\n"
                calendar += "DTEND;TZID=Europe/Paris:20250117T\(end)\r\nX-SPEEDAI-PARTY:4\r\nEND:VEVENT\r\n"
            }
        }
        calendar += "END:VCALENDAR\r\n"
        var timeline = ""
        for index in 0..<triggers {
            let at = tuesday + .seconds(Int64(index) * spacing)
            let phone = "+336\(String(format: "%08d", index))"
            timeline += "{\"at\": \"\(local(at))\", \"event\": \"trigger\", \"phone\": \"\(phone)\", \"requested\": \"2025-01-17T20:00\"}\n"
            guard joining else { continue }
            let slots = index % 2 == 0 ? "[\"2025-01-17T20:00\"]" : "[\"2025-01-17T20:00\", \"2025-01-17T20:30\"]"
            timeline += "{\"at\": \"\(local(at + .seconds(min(60, spacing - 1))))\", \"event\": \"join\", \"phone\": \"\(phone)\", "
                + "\"first_name\": \"Prénom\", \"last_name\": \"Nom\(index)\", \"party\": \(2 + index % 3), \"slots\": \(slots)}\n"
        }
        // Friday afternoon: a cancellation every 20 minutes, answers in between.
        let afternoon = zone.instant(CivilDateTime(year: 2025, month: 1, day: 17, hour: 15, minute: 0))
        for step in 0..<10 {
            let at = afternoon + .seconds(Int64(step) * 1200)
            let cancelled = 71 + step * 2 // b-71...b-90 are the 20:00 and 20:30 bookings
            timeline += "{\"at\": \"\(local(at))\", \"event\": \"cancel\", \"uid\": \"b-\(cancelled)\"}\n"
            for answer in 0..<3 {
                let phone = "+336\(String(format: "%08d", step * 3 + answer))"
                timeline += "{\"at\": \"\(local(at + .seconds(Int64(answer + 1) * 180)))\", \"event\": \"reply\", "
                    + "\"phone\": \"\(phone)\", \"answer\": \"\(answer == 1 ? "non" : "oui")\"}\n"
            }
        }
        return TapeFiles(rules: SourceFile(name: "bistrot.rules", text: rules),
                         calendar: SourceFile(name: "calendar.ics", text: calendar),
                         timeline: SourceFile(name: "timeline.jsonl", text: timeline))
    }

    /// Writes `files` as a tape folder (`bistrot.rules`, `calendar.ics`, `timeline.jsonl`).
    static func write(_ files: TapeFiles, into folder: String) {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for file in [files.rules, files.calendar, files.timeline] {
            _ = FileManager.default.createFile(atPath: "\(folder)/\(file.name)", contents: Data(file.bytes))
        }
    }

    /// Milliseconds of one replay + summary (what the preview does, twice) and of one replay +
    /// transcript text, best of `rounds`; and the summary lines, to check the tape did something.
    static func run(triggers: Int, joining: Bool = true, rounds: Int = 3) -> (replay: Double, transcript: Double, summary: [String]) {
        let files = tape(triggers: triggers, joining: joining)
        var summary: [String] = []
        let replay = Stopwatch.milliseconds(rounds: rounds) {
            switch TapeReplay.run(files).map(TranscriptSummary.init(result:)) {
            case .success(let figures): summary = figures.lines
            case .failure(let failure): summary = ["replay failed: \(failure.message)"]
            }
        }
        let transcript = Stopwatch.milliseconds(rounds: rounds) { blackHole(TapeReplay.transcript(files)) }
        return (replay, transcript, summary)
    }
}

/// Section 7.
func benchmarkPreview(only size: Int? = nil) {
    print("7. Rules page preview: replay of a week's tape with N callers for one full slot, then cancellations and answers")
    for joining in size == nil ? [true, false] : [true] {
        print("   \(joining ? "every caller joins the line" : "nobody fills the form (invitations only)")")
        var previous: (triggers: Int, milliseconds: Double)?
        for triggers in size.map({ [$0] }) ?? (BenchReport.quick ? [750, 1500] : [750, 1500, 3000, 6000]) {
            let result = PreviewBenchmarks.run(triggers: triggers, joining: joining)
            var growth = ""
            if let previous { growth = "   ×\(format(result.replay / previous.milliseconds, decimals: 2)) for ×\(triggers / previous.triggers) callers" }
            print("   \(String(triggers).padding(toLength: 5, withPad: " ", startingAt: 0)) callers: replay + summary \(format(result.replay, decimals: 1)) ms"
                + "   replay + transcript \(format(result.transcript, decimals: 1)) ms\(growth)")
            BenchReport.record(section: 7, id: "preview.\(joining ? "join" : "invite").\(triggers)",
                               figure: "replay + summary, \(triggers) callers\(joining ? "" : ", invitations only")", value: result.replay, unit: "ms",
                               note: "replay + transcript \(format(result.transcript, decimals: 1)) ms")
            if triggers == 3000 {
                for line in result.summary.dropFirst() { print("         \(line.trimmingCharacters(in: .whitespaces))") }
                print("         the preview replays twice: \(format(2 * result.replay, decimals: 0)) ms per click at 3 000 callers")
            }
            previous = (triggers, result.replay)
        }
    }
    print("")
}
