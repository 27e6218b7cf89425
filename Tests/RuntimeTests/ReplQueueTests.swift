import RuleLang
import Testing
@testable import Runtime

/// `queue`: the engine's own ranking with order keys and boosts, and who is not in line.
@Suite struct ReplQueueTests {
    /// A full 19:30 with Camille (2 people, 17:00) and then Léa (4 people, 17:05, boosted).
    static func fullSlotWithTwoWaiting() throws -> ReplSession {
        var session = try ReplFixture.session()
        ReplFixture.run(&session, "book 19:30 4", "join +33612345601 19:30 --party 2 --name Camille Martin",
                        "advance 5m", "join +33612345602 19:30 --party 4 --name Léa Nicolas")
        return session
    }

    @Test func boostedEntryComesFirstWithItsKey() throws {
        var session = try Self.fullSlotWithTwoWaiting()
        let queue = session.execute("queue 19:30")
        #expect(queue == """
            19:30 dinner: 0 of 4 free, in turn
              1. entry 2 (+33 6 .. .. .. 02) Léa N., 4 people: order timestamp("2025-01-17T16:05:00Z") - big_tables 1h = timestamp("2025-01-17T15:05:00Z") — does not fit the 0 free
              2. entry 1 (+33 6 .. .. .. 01) Camille M., 2 people: order timestamp("2025-01-17T16:00:00Z") — does not fit the 0 free

            """)
    }

    @Test func theOfferFollowsTheQueue() throws {
        var session = try Self.fullSlotWithTwoWaiting()
        #expect(session.execute("cancel 19:30").contains("offer slot 19:30 to entry 2"))
        let queue = session.execute("queue 19:30")
        #expect(queue.contains("  offered to entry 2 (+33 6 .. .. .. 02) until 17:20"))
        #expect(queue.contains("  1. entry 1 (+33 6 .. .. .. 01) Camille M., 2 people: order timestamp(\"2025-01-17T16:00:00Z\")\n"))
    }

    @Test func entriesOutOfLineSayWhy() throws {
        var session = try ReplFixture.session()
        ReplFixture.run(&session, "book 19:30 4", "book 20:00 4", "join +33612345601 19:30 --party 2",
                        "join +33612345602 19:30 20:00 --party 4", "cancel 19:30")
        #expect(session.execute("reply 2 non").contains("entry 2 waiting: Non to vendredi 17 janvier 19:30; waits for its other chosen slots"))
        let queue = session.execute("queue 19:30")
        #expect(queue.contains("  offered to entry 1 (+33 6 .. .. .. 01) until 17:15"))
        #expect(queue.contains("  nobody in line\n  not in line: entry 2 (declined, let expire or lost this slot already)\n"))
    }

    @Test func queueWithoutTimeListsEverySlotSomeoneWaitsFor() throws {
        var session = try ReplFixture.session()
        #expect(session.execute("queue") == "nobody is waiting for a slot to come\n")
        ReplFixture.run(&session, "book 19:30 4", "book 20:00 4", "join +33612345601 19:30 20:00")
        let queue = session.execute("queue")
        #expect(queue.contains("19:30 dinner: 0 of 4 free, in turn"))
        #expect(queue.contains("20:00 dinner: 0 of 4 free, in turn"))
        #expect(session.execute("queue 19:45").hasPrefix("error: no slot starts at 19:45"))
    }

    @Test func tooLateToOffer() throws {
        var session = try ReplFixture.session()
        ReplFixture.run(&session, "book 19:30 4", "join +33612345601 19:30", "advance to 19:15")
        #expect(session.execute("queue 19:30").hasPrefix("19:30 dinner: 0 of 4 free, too late to offer (stop_before 20m)"))
    }
}
