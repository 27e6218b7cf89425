import RuleLang

/// The establishment's bookable slots, computed from the rule file's slot model: each
/// service window, on each day it runs (closed weekdays and dates skipped) and on each
/// resource that serves it, is cut into slot-length pieces from the window start while a
/// whole slot fits before the window end. Slots are wall-clock times in the establishment's
/// time zone: 19:30 stays 19:30 across a DST change, wall-clock times skipped by the
/// spring-forward gap have no slot, and a wall-clock time repeated by the autumn overlap
/// has one slot only, at its earlier instant (as `ZoneConverter` resolves it).
///
/// Pure and cheap to copy: the rule set is compiled once into a per-weekday plan.
public struct SlotCalendar: Sendable {
    /// The slot model the calendar was built from.
    public let model: RuleSet.SlotModel
    /// The alternatives policy of the rule file.
    public let alternativesPolicy: RuleSet.Alternatives
    /// The establishment's time zone.
    public let zone: ZoneConverter
    let plan: SlotDayPlan

    /// Builds the calendar of a compiled rule set; fails when its time zone is unknown.
    public init(rules: RuleSet) throws(SlotCalendarError) {
        guard let zone = ZoneConverter(identifier: rules.establishment.timeZone) else {
            throw .unknownTimeZone(rules.establishment.timeZone)
        }
        self.model = rules.slots
        self.alternativesPolicy = rules.alternatives
        self.zone = zone
        self.plan = SlotDayPlan(model: rules.slots)
    }

    /// Slots whose start lies in [from, to), in start order, for every service window and resource.
    public func slots(from: Instant, to: Instant) -> [SlotInfo] {
        guard from < to else { return [] }
        var result: [SlotInfo] = []
        // A slot's local date is the local date of its start; a day of margin covers offsets.
        let firstDay = zone.local(from).epochDay - 1
        let lastDay = zone.local(to).epochDay + 1
        var day = firstDay
        while day <= lastDay {
            for slot in slots(onEpochDay: day) where slot.key.start >= from && slot.key.start < to {
                result.append(slot)
            }
            day += 1
        }
        return result
    }

    /// The slot that starts exactly at `start` (for a service/resource when given), if any.
    public func slot(startingAt start: Instant, service: String? = nil, resource: String? = nil) -> SlotInfo? {
        slots(onEpochDay: zone.local(start).epochDay).first { slot in
            slot.key.start == start
                && (service == nil || slot.key.service == service)
                && (resource == nil || slot.key.resource == resource)
        }
    }

    /// The slot with exactly this key, if the rules still have it.
    public func slot(for key: SlotKey) -> SlotInfo? {
        slot(startingAt: key.start, service: key.service, resource: key.resource)
    }

    /// Free capacity of a slot given the calendar's busy intervals (overlap-based: an
    /// interval occupies every slot it overlaps, on its resource, or on all resources when
    /// its resource is ""). Never below 0 nor above the slot's capacity. Linear in `busy`;
    /// use `SlotOccupancy` to answer many slots against one busy list.
    public func freeCapacity(of slot: SlotInfo, busy: [BusyInterval]) -> Int {
        var used = 0
        for interval in busy where interval.occupies(slot) { used += max(0, interval.units) }
        return max(0, slot.capacity - used)
    }

    /// Every slot of one local date, in `SlotKey` order.
    func slots(onEpochDay day: Int64) -> [SlotInfo] {
        let starts = plan.slotStarts(onEpochDay: day)
        guard !starts.isEmpty else { return [] }
        let windows = plan.windows(onEpochDay: day)
        let clock = DayClock(zone: zone, epochDay: day)
        var result: [SlotInfo] = []
        result.reserveCapacity(starts.count)
        for start in starts {
            let window = windows[start.window]
            guard let instant = clock.instant(atSecond: start.second) else { continue } // spring-forward gap
            result.append(SlotInfo(
                key: SlotKey(start: instant, service: window.service, resource: window.resource),
                end: instant + .seconds(window.length),
                capacity: window.capacity))
        }
        if clock.hasTransition { result.sort { $0.key < $1.key } }
        return result
    }
}

extension BusyInterval {
    /// Whether this interval takes capacity from a slot: it overlaps the slot's time
    /// (half-open, so back-to-back bookings do not overlap) and is on the slot's resource
    /// or on every resource. Empty or inverted intervals occupy nothing.
    func occupies(_ slot: SlotInfo) -> Bool {
        start < end && start < slot.end && end > slot.key.start
            && (resource.isEmpty || resource == slot.key.resource)
    }
}
