/// `PeakOccupancy`: the places taken at the busiest instant of a window, as the calendar
/// writers' capacity re-checks count them.
import Runtime
import Testing
@testable import Connectors

@Suite struct PeakOccupancyTests {
    func span(_ start: Int64, _ end: Int64, _ units: Int = 1) -> OccupiedSpan {
        OccupiedSpan(start: Instant(seconds: start), end: Instant(seconds: end), units: units)
    }

    func peak(_ spans: [OccupiedSpan], _ from: Int64 = 0, _ to: Int64 = 5400) -> Int {
        PeakOccupancy.units(spans, from: Instant(seconds: from), to: Instant(seconds: to))
    }

    @Test func bookingsThatFollowEachOtherShareTheirPlaces() {
        #expect(peak([span(0, 1800, 2), span(1800, 3600, 2), span(3600, 5400, 2)]) == 2)
    }

    @Test func overlappingBookingsAddUp() {
        #expect(peak([span(0, 3600, 2), span(1800, 5400, 3), span(4000, 5000, 1)]) == 5)
        #expect(peak([span(0, 5400, 1), span(0, 5400, 1)]) == 2)
    }

    @Test func onlyTheWindowCounts() {
        // Overlapping each other only before the window starts, or after it ends.
        #expect(peak([span(0, 2000, 1), span(1000, 3000, 1)], 2000, 5400) == 1)
        #expect(peak([span(4000, 6000, 1), span(5400, 7000, 4)], 0, 5400) == 1)
    }

    @Test func emptyInvertedAndZeroUnitSpansTakeNothing() {
        #expect(peak([span(1000, 1000, 3), span(2000, 1000, 3), span(0, 5400, 0)]) == 0)
        #expect(peak([]) == 0)
    }
}
