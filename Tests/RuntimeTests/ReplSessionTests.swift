import Foundation
import RuleLang
import Testing
@testable import Runtime

/// A small restaurant for repl tests: four covers per 30-minute dinner slot, offers one
/// at a time for 15 minutes, and a boost that puts tables of four an hour ahead.
enum ReplFixture {
    static let rules = """
    establishment {
      id = "testbistro"
      name = "Test Bistro"
      timezone = "Europe/Paris"
      public_url = "https://app.speedai.io"
    }
    slots {
      length = 30m
      capacity = 4
      service dinner {
        name = "Dîner"
        days = [mon, tue, wed, thu, fri, sat, sun]
        hours = 19:00-22:00
      }
    }
    matching {
      match = slot.start in entry.slots
    }
    priority {
      order = entry.joined_at
      boost big_tables {
        when = entry.party_size >= 4
        by = 1h
      }
    }
    offers {
      strategy = sequential
      timeout = 15m
      stop_before = 20m
      max_offers_per_entry = 3
      quiet_hours = 23:00-09:00
    }

    """

    /// The same rules without the boost.
    static var withoutBoost: String {
        rules.replacingOccurrences(of: """
          boost big_tables {
            when = entry.party_size >= 4
            by = 1h
          }

        """, with: "")
    }

    /// Files `reload` can read.
    static let files: [String: String] = [
        "test.rules": rules,
        "v2.rules": withoutBoost,
        "broken.rules": rules.replacingOccurrences(of: "strategy = sequential", with: "strategy = sequentiel"),
    ]

    static let reader: ReplSession.FileReader = { path in
        guard let text = files[path] else { return .failure(ReplError("\(path): no such file")) }
        return .success(SourceFile(name: path, text: text))
    }

    /// A session on the fixture rules, without a tape.
    static func session() throws -> ReplSession {
        try ReplSession.start(rules: SourceFile(name: "test.rules", text: rules), readFile: reader).get()
    }

    /// Runs the lines and returns the last one's output.
    @discardableResult
    static func run(_ session: inout ReplSession, _ lines: String...) -> String {
        var output = ""
        for line in lines { output = session.execute(line) }
        return output
    }
}

/// The repl session driven command by command: the clock, events, errors that change nothing.
@Suite struct ReplSessionTests {
    @Test func clockStartsOnFriday17hWithoutATape() throws {
        let session = try ReplFixture.session()
        #expect(session.banner.contains("clock: 2025-01-17 17:00 (Friday), 0 bookings in the calendar"))
        #expect(!session.banner.contains("tape:"))
    }

    @Test func helpListsEveryCommandAndExplainsOne() throws {
        var session = try ReplFixture.session()
        let help = session.execute("help")
        for command in ReplCommandInfo.all { #expect(help.contains("  \(command.name) "), "\(command.name) missing from help") }
        let book = session.execute("help book")
        #expect(book.hasPrefix("usage: book TIME[-END] PARTY [UID] [--resource LABEL]\n"))
        #expect(session.execute("help bok").contains("did you mean 'book'?"))
    }

    @Test func unknownCommandSuggestsTheClosest() throws {
        var session = try ReplFixture.session()
        #expect(session.execute("advnce 5m") == "error: unknown command 'advnce'\n  help: did you mean 'advance'?\n")
        #expect(session.execute("xyzzy").contains("type 'help' for the list of commands"))
    }

    @Test func blankLinesAndCommentsPrintNothing() throws {
        var session = try ReplFixture.session()
        #expect(session.execute("") == "")
        #expect(session.execute("   # a note") == "")
    }

    @Test(arguments: [
        ("book 25:00 2", "error: '25:00' is not a time"),
        ("book 19:30", "error: 'book' needs the party size"),
        ("book 19:30 zero", "error: 'zero' is not a party size"),
        ("book 19:35 2", "error: no slot starts at 19:35, so the booking's end is not known"),
        ("cancel bdp-1", "error: cancel of 'bdp-1', but no booking with that uid is in the calendar"),
        ("join 12345 19:30", "error: '12345' is not a phone number"),
        ("join +33612345678 19:30 --party 0", "error: '0' is not a party size"),
        ("reply 1 oui", "error: no entry 1"),
        ("reply 1 peut-être", "error: 'peut-être' is not an answer"),
        ("notify 4 19:30", "error: no entry 4"),
        ("delete x", "error: 'x' is not an entry number"),
        ("advance 15", "error: '15' is not a duration\n  help: add a unit: 15m or 15h"),
        ("advance to 16:00", "error: 2025-01-17 16:00 is before the clock (2025-01-17 17:00)"),
        ("step", "error: no tape is loaded"),
        ("entries now", "error: 'entries' does not expect 'now'"),
        ("book 19:30 2 --resourse x", "error: 'book' has no option '--resourse'"),
    ])
    func mistakesAreErrorsAndChangeNothing(line: String, message: String) throws {
        var session = try ReplFixture.session()
        let before = session.driver.engine.state
        let output = session.execute(line)
        #expect(output.hasPrefix(message), "\(output)")
        #expect(session.driver.engine.state == before)
        #expect(session.driver.calendar.bookings.isEmpty)
        #expect(session.now == Instant(seconds: 1_737_129_600)) // 2025-01-17 17:00 in Paris
    }

    @Test func cancellationOffersTheSlotAndAdvanceLetsItExpire() throws {
        var session = try ReplFixture.session()
        #expect(session.execute("book 19:30 4") == "2025-01-17 17:00 calendar: new booking 19:30–20:00 (4 people) [repl-1]\n")
        let join = session.execute("join +33612345601 19:30 --party 2 --name Camille Martin")
        #expect(join.contains("admin: call (phone) from +33 6 .. .. .. 01 for 19:30, which is full"))
        #expect(join.contains("admin: form from +33 6 .. .. .. 01: Camille M., 2 people, slots 19:30"))
        #expect(join.contains("entry 1 waiting: joined the waitlist"))
        let cancel = session.execute("cancel 19:30")
        #expect(cancel.contains("calendar: cancellation of 19:30–20:00 (4 people) [repl-1] frees 4 places"))
        #expect(cancel.contains("offer slot 19:30 to entry 1 (+33 6 .. .. .. 01), expires 17:15"))
        #expect(cancel.contains("    SMS offer to +33 6 .. .. .. 01"))
        #expect(session.execute("time").hasPrefix("clock: 2025-01-17 17:00 (Friday), next timer at 17:15 (the offer of 19:30 to entry 1 runs out)"))
        let advance = session.execute("advance 20m")
        #expect(advance.contains("2025-01-17 17:15 entry 1 expired: no answer to the offer of vendredi 17 janvier 19:30"))
        #expect(advance.hasSuffix("clock: 2025-01-17 17:20 (+20m)\n"))
    }

    @Test func aBookingWithoutAnEndLastsTheBookingLength() throws {
        let rules = ReplFixture.rules.replacingOccurrences(of: "  capacity = 4\n", with: "  capacity = 4\n  booking_length = 1h30m\n")
        var session = try ReplSession.start(rules: SourceFile(name: "test.rules", text: rules), readFile: ReplFixture.reader).get()
        #expect(session.execute("book 19:30 4") == "2025-01-17 17:00 calendar: new booking 19:30–21:00 (4 people) [repl-1]\n")
        #expect(session.execute("book 19:30-20:00 2").contains("new booking 19:30–20:00 (2 people)"), "a written end wins")
    }

    @Test func replyByEntryOrPhoneBooksTheSlot() throws {
        for who in ["1", "+33612345601", "0612345601"] {
            var session = try ReplFixture.session()
            ReplFixture.run(&session, "book 19:30 4", "join +33612345601 19:30 --party 2", "cancel 19:30", "advance 5m")
            let reply = session.execute("reply \(who) oui")
            #expect(reply.contains("2025-01-17 17:05 admin: Oui from +33 6 .. .. .. 01"))
            #expect(reply.contains("booking 19:30 for entry 1 (2 people)"))
            #expect(reply.contains("entry 1 confirmed: Oui in time"))
            #expect(session.driver.calendar.contains("speedai-booking-1"))
        }
    }

    @Test func replyWithoutAnOfferIsAnError() throws {
        var session = try ReplFixture.session()
        ReplFixture.run(&session, "book 19:30 4", "join +33612345601 19:30")
        #expect(session.execute("reply 1 oui").hasPrefix("error: no offer was sent to entry 1 (waiting): nothing to answer"))
        #expect(session.execute("reply +33612345699 oui").hasPrefix("error: no entry has the phone +33612345699"))
    }

    @Test func manualNotifyDeleteAndStop() throws {
        var session = try ReplFixture.session()
        ReplFixture.run(&session, "book 19:30 4", "join +33612345601 19:30 20:00")
        // 20:00 is free, so the engine offered it at once; a manual offer of 19:30 is refused.
        #expect(session.execute("notify 1 19:30").contains("manual offer by admin refused: the entry is offered"))
        #expect(session.execute("delete 1 --by Julie").contains("entry 1 removed: deleted by Julie"))
        let stop = session.execute("stop +33612345601")
        #expect(stop.contains("STOP from +33 6 .. .. .. 01"))
        #expect(stop.contains("this number will not be texted again"))
    }

    @Test func triggerTwiceIsJournalledNotAnError() throws {
        var session = try ReplFixture.session()
        ReplFixture.run(&session, "trigger +33612345601 19:30")
        #expect(session.execute("trigger +33612345601 19:30").contains("duplicate trigger from phone"))
    }

    @Test func cancelByTimeNamesTheOtherBookings() throws {
        var session = try ReplFixture.session()
        ReplFixture.run(&session, "book 19:30 2 a1", "book 19:30 2 a2")
        let output = session.execute("cancel 19:30")
        #expect(output.contains("[a1]"))
        #expect(output.hasSuffix("also at 19:30: a2 ('cancel UID' picks one)\n"))
        #expect(session.execute("cancel a3").contains("did you mean 'a2'?"))
    }

    @Test func moveKeepsTheLength() throws {
        var session = try ReplFixture.session()
        ReplFixture.run(&session, "book 19:30-21:00 4 t1")
        #expect(session.execute("move t1 20:00").contains("booking [t1] moved from 19:30–21:00 (4 people) to 20:00–21:30 (4 people)"))
    }

    @Test func entriesAndEntryShowStatusSlotsOffersAndHistory() throws {
        var session = try ReplFixture.session()
        #expect(session.execute("entries").hasPrefix("no entries yet"))
        ReplFixture.run(&session, "book 19:30 4", "join +33612345601 19:30 20:00 --party 2 --name Camille Martin --email c@example.fr")
        let table = session.execute("entries")
        #expect(table.contains("id  phone              name        status   party  slots         offers"))
        #expect(table.contains("1   +33 6 .. .. .. 01  Camille M.  offered  2      19:30, 20:00  20:00 open until 17:15"))
        let entry = session.execute("entry 1")
        #expect(entry.hasPrefix("entry 1: Camille Martin, +33612345601, 2 people\n  email: c@example.fr\n"))
        #expect(entry.contains("  status: offered"))
        #expect(entry.contains("  offers: 1 of at most 3: 20:00 open until 17:15"))
        #expect(entry.contains("    2025-01-17 17:00 invited → waiting: joined the waitlist"))
        #expect(session.execute("entry 2").hasPrefix("error: no entry 2\n  help: entries are 1 to 1"))
    }

    @Test func slotsShowFreeAndTakenPlaces() throws {
        var session = try ReplFixture.session()
        ReplFixture.run(&session, "book 19:30 3", "join +33612345601 19:30 --party 2")
        let slots = session.execute("slots")
        #expect(slots.hasPrefix("slots on Friday 2025-01-17:\n  slot   service  free  taken  waiting  offered\n"))
        #expect(slots.contains("  19:30  dinner   1/4   3      1        -\n"))
        #expect(slots.contains("  21:30  dinner   4/4   0      -        -\n"))
        #expect(session.execute("slots 2025-01-18").hasPrefix("slots on Saturday 2025-01-18:"))
        #expect(session.execute("slots tomorrow").hasPrefix("error: 'tomorrow' is not a date"))
    }

    @Test func quitEndsTheSession() throws {
        var session = try ReplFixture.session()
        #expect(!session.isFinished)
        #expect(session.execute("exit") == "")
        #expect(session.isFinished)
    }

    @Test func summaryCountsTheSession() throws {
        var session = try ReplFixture.session()
        ReplFixture.run(&session, "book 19:30 4", "join +33612345601 19:30 --party 2", "cancel 19:30", "reply 1 oui")
        let summary = session.execute("summary")
        #expect(summary.contains("  bookings: 1"))
        #expect(summary.contains("  conversion rate: 100.0 % (1/1)"))
    }

    @Test func sameScriptSameOutput() throws {
        let script = ["book 19:30 4", "join +33612345601 19:30 --party 2", "trigger +33612345602 20:00",
                      "cancel 19:30", "advance 30m", "entries"]
        var first = try ReplFixture.session()
        var second = try ReplFixture.session()
        #expect(script.map { first.execute($0) } == script.map { second.execute($0) })
    }

    @Test func badRulesDoNotStartASession() {
        let result = ReplSession.start(rules: SourceFile(name: "bad.rules", text: "offers { strategy = sequentiel }\n"),
                                       readFile: ReplFixture.reader)
        guard case .failure(let failure) = result else {
            Issue.record("a session started on rules with errors")
            return
        }
        #expect(failure.message.contains("bad.rules:1:"))
    }
}
