import Testing
import RuleLang
@testable import Runtime

/// Timings of the slot calendar on a year for one restaurant. The bounds are loose enough
/// for a debug build on a shared machine; `swift test -c release --filter SlotPerformance`
/// prints the figures the brief asks for (a year of slots well under 100 ms).
@Suite struct SlotPerformanceTests {
    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    /// The best of a few runs, in milliseconds.
    static func best<T>(runs: Int = 5, _ body: () -> T) -> (Double, T) {
        let clock = ContinuousClock()
        var best = Double.infinity
        var result = body()
        for _ in 0..<runs {
            let start = clock.now
            result = body()
            best = min(best, milliseconds(clock.now - start))
        }
        return (best, result)
    }

    /// A year of bookings: every open slot gets one or two parties of 2 to 6, for 1 h 30.
    static func yearOfBookings(_ slots: [SlotInfo]) -> [BusyInterval] {
        var random = SlotSeededGenerator(seed: 2025)
        var busy: [BusyInterval] = []
        for slot in slots {
            for index in 0..<Int.random(in: 1...2, using: &random) {
                busy.append(BusyInterval(id: "\(slot.key.start.seconds)-\(index)", start: slot.start,
                                         end: slot.start + .seconds(5400), units: Int.random(in: 2...6, using: &random)))
            }
        }
        return busy
    }

    @Test func aYearOfBistrotSlotsAndCalendarQueries() throws {
        let calendar = try SlotFixtures.bistrot()
        let from = SlotFixtures.paris(2025, 1, 1), to = SlotFixtures.paris(2026, 1, 1)
        let (slotsTime, slots) = Self.best { calendar.slots(from: from, to: to) }
        #expect(slots.count == 3640)
        let busy = Self.yearOfBookings(slots)
        let (indexTime, occupancy) = Self.best { SlotOccupancy(busy: busy) }
        let (freeTime, freeTotal) = Self.best { slots.reduce(0) { $0 + occupancy.freeCapacity(of: $1) } }
        var cancelled = busy
        cancelled.remove(at: busy.count / 2)
        let (freedTime, freed) = Self.best {
            calendar.freedSlots(before: busy, after: cancelled, from: from, horizon: .seconds(365 * 86_400))
        }
        let requests = slots.enumerated().filter { $0.offset % 4 == 0 }.map { $0.element.start + .seconds(600) }
        let (alternativesTime, alternatives) = Self.best(runs: 2) {
            requests.reduce(0) { $0 + calendar.alternatives(for: $1, service: nil, resource: nil, occupancy: occupancy).count }
        }
        print("""
            slot timings (best of runs): year of slots \(slots.count) in \(slotsTime) ms; \
            index \(busy.count) bookings \(indexTime) ms; free capacity of every slot \(freeTime) ms (total \(freeTotal)); \
            freed slots after one cancellation over a year \(freedTime) ms (\(freed.count) slots); \
            \(requests.count) alternatives requests \(alternativesTime) ms (\(alternatives) alternatives)
            """)
        let lost = busy[busy.count / 2]
        #expect(freed.map(\.slot) == slots.filter { $0.start < lost.end && $0.end > lost.start })
        #expect(slotsTime < 1000)
        #expect(freedTime < 1000)
    }
}
