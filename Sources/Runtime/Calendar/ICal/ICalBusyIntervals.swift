/// Turns calendar occurrences into the slot engine's busy intervals. The interval type
/// (`BusyInterval`) belongs to the slots component, so this file codes against a
/// one-initializer protocol instead of naming it; the glue is
/// `extension BusyInterval: ICalBusyIntervalConvertible {}` once both are in one tree.

/// A busy-interval value the calendar can build (the slots component's `BusyInterval`).
public protocol ICalBusyIntervalConvertible {
    /// - Parameters:
    ///   - id: the occurrence's id (`EventOccurrence.id`), unique per occurrence.
    ///   - resource: the occurrence's resource, or "" when it names none (all resources).
    ///   - units: how much capacity it takes.
    init(id: String, start: Instant, end: Instant, resource: String, units: Int)
}

extension Sequence where Element == EventOccurrence {
    /// The non-cancelled, non-transparent occurrences as busy intervals, in order.
    ///
    /// - Parameter units: capacity an occurrence takes; by default its party size
    ///   (X-SPEEDAI-PARTY) or 1 — pass `{ _ in 1 }` for establishments that do not count covers.
    public func busyIntervals<Interval: ICalBusyIntervalConvertible>(
        as type: Interval.Type = Interval.self, units: (EventOccurrence) -> Int = { $0.party ?? 1 }
    ) -> [Interval] {
        filter { !$0.cancelled && !$0.transparent }.map { occurrence in
            Interval(id: occurrence.id, start: occurrence.start, end: occurrence.end,
                     resource: occurrence.resource ?? "", units: units(occurrence))
        }
    }
}

extension ICalCalendar {
    /// Busy intervals for the non-cancelled occurrences overlapping `[from, to)`; see
    /// `occurrences(from:to:defaultZone:)` and `Sequence.busyIntervals(as:units:)`.
    /// An event without DTEND or DURATION is an instant and overlaps no slot.
    public func busyIntervals<Interval: ICalBusyIntervalConvertible>(
        from: Instant, to: Instant, defaultZone: ZoneConverter, as type: Interval.Type = Interval.self,
        units: (EventOccurrence) -> Int = { $0.party ?? 1 }
    ) -> [Interval] {
        occurrences(from: from, to: to, defaultZone: defaultZone).busyIntervals(as: type, units: units)
    }
}
