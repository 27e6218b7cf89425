/// How many places bookings take at the busiest instant of a window, for the capacity
/// re-checks the calendar writers make before and after writing a booking.
///
/// Why not the sum over the window: a booking lasts `booking_length` (1h30 at a restaurant),
/// so its window spans several slots, and the tables booked 19:00-20:00 and 20:00-21:00 are
/// the same table used twice, not two tables. Counting at each instant is what the
/// restaurant's room holds; it never refuses what the engine's per-slot count accepted.
import Runtime

/// One booking's extent and places, as the re-checks see it.
struct OccupiedSpan: Sendable, Equatable {
    var start: Instant
    var end: Instant
    var units: Int
}

enum PeakOccupancy {
    /// The most units overlapping any instant of [from, to). Half-open: a booking that ends
    /// when another starts does not overlap it; empty spans take nothing (as in the engine).
    static func units(_ spans: [OccupiedSpan], from: Instant, to: Instant) -> Int {
        var changes: [(at: Instant, delta: Int)] = []
        changes.reserveCapacity(spans.count * 2)
        for span in spans where span.units > 0 {
            let start = max(span.start, from), end = min(span.end, to)
            guard start < end else { continue }
            changes.append((start, span.units))
            changes.append((end, -span.units))
        }
        // At the same instant, ends come before starts.
        changes.sort { $0.at != $1.at ? $0.at < $1.at : $0.delta < $1.delta }
        var current = 0, peak = 0
        for change in changes {
            current += change.delta
            peak = max(peak, current)
        }
        return peak
    }

    /// Whether bookings on these two resources take places from each other: the same resource,
    /// or either one on the whole establishment ("").
    static func shareCapacity(_ resource: String, _ other: String) -> Bool {
        resource.isEmpty || other.isEmpty || resource == other
    }
}
