/// How many places a calendar's bookings take at once inside a window: what a booking must
/// still fit under when it is written (the re-check every calendar makes before a booking).
import Runtime

/// The capacity arithmetic shared by the calendars' re-checks.
public enum CalendarCapacity {
    /// The most units booked at any one instant of `window` by `bookings` (each `[start, end)`).
    /// Two bookings that follow each other (19h00-19h30 and 19h30-20h00) never count together.
    public static func peakUnits(_ bookings: [(start: Instant, end: Instant, units: Int)], within window: Range<Instant>) -> Int {
        var changes: [(at: Instant, delta: Int)] = []
        for booking in bookings where booking.start < window.upperBound && booking.end > window.lowerBound && booking.units > 0 {
            changes.append((max(booking.start, window.lowerBound), booking.units))
            changes.append((min(booking.end, window.upperBound), -booking.units))
        }
        // Ends before starts at the same instant: back-to-back bookings do not overlap.
        changes.sort { ($0.at, $0.delta) < ($1.at, $1.delta) }
        var current = 0
        var peak = 0
        for change in changes {
            current += change.delta
            peak = max(peak, current)
        }
        return peak
    }

    /// Whether a booking on `resource` competes for the places of a booking on `other`: the
    /// same resource, or either of them on the whole establishment.
    public static func competes(_ resource: String, with other: String) -> Bool {
        resource.isEmpty || other.isEmpty || resource == other
    }
}
