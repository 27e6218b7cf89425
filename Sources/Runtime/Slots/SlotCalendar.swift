/// TEMP stand-in for the `slots` branch's slot calendar, so the engine can be built and
/// tested before that branch lands; dropped at merge. Cuts service windows into slots in
/// the establishment's zone and counts capacity against busy intervals.
import RuleLang

/// Slots of an establishment and their free capacity (TEMP stand-in).
public struct SlotCalendar: Sendable {
    let rules: RuleSet
    let zone: ZoneConverter

    /// Fails when the establishment's time zone is unknown.
    public init(rules: RuleSet) throws(SlotCalendarError) {
        guard let zone = ZoneConverter(identifier: rules.establishment.timeZone) else {
            throw .unknownTimeZone(rules.establishment.timeZone)
        }
        self.rules = rules
        self.zone = zone
    }

    /// Slots whose start lies in [from, to), in key order.
    public func slots(from: Instant, to: Instant) -> [SlotInfo] {
        guard from < to else { return [] }
        var result: [SlotInfo] = []
        var day = zone.local(from)
        day = CivilDateTime(year: day.year, month: day.month, day: day.day)
        let lastDay = zone.local(to).epochDay
        while day.epochDay <= lastDay {
            let weekday = RuleSet.Weekday.allCases[day.isoWeekday - 1]
            let date = RuleSet.CalendarDate(year: day.year, month: day.month, day: day.day)
            if !rules.slots.isClosed(on: date, weekday: weekday) {
                for service in rules.slots.services where service.days.contains(weekday) {
                    let length = Int(service.length.components.seconds / 60)
                    var minute = service.hours.start
                    while length > 0 && minute + length <= service.hours.end {
                        let start = zone.instant(CivilDateTime(year: day.year, month: day.month, day: day.day,
                                                               hour: minute / 60, minute: minute % 60))
                        if start >= from && start < to {
                            let end = start + service.length
                            let resources = rules.slots.resources.filter {
                                $0.services.contains(service.label) && $0.days.contains(weekday)
                            }
                            if rules.slots.resources.isEmpty {
                                result.append(SlotInfo(key: SlotKey(start: start, service: service.label), end: end,
                                                       capacity: service.capacity))
                            } else {
                                for resource in resources {
                                    result.append(SlotInfo(key: SlotKey(start: start, service: service.label,
                                                                        resource: resource.label),
                                                           end: end, capacity: service.capacity))
                                }
                            }
                        }
                        minute += length
                    }
                }
            }
            day = CivilDateTime(utcSeconds: day.utcSeconds + 86_400)
        }
        return result.sorted { $0.key < $1.key }
    }

    /// The slot starting exactly at `start`, if any.
    public func slot(startingAt start: Instant, service: String? = nil, resource: String? = nil) -> SlotInfo? {
        slots(from: start, to: start + .seconds(1)).first {
            (service == nil || $0.key.service == service) && (resource == nil || $0.key.resource == resource)
        }
    }

    /// Capacity left in a slot given busy intervals (overlap-based).
    public func freeCapacity(of slot: SlotInfo, busy: [BusyInterval]) -> Int {
        let taken = busy.reduce(0) { sum, interval in
            let overlaps = interval.start < slot.end && slot.start < interval.end
            let sameResource = interval.resource.isEmpty || interval.resource == slot.key.resource
            return overlaps && sameResource ? sum + interval.units : sum
        }
        return max(0, slot.capacity - taken)
    }

    /// Slots whose free capacity went up between two busy lists.
    public func freedSlots(before: [BusyInterval], after: [BusyInterval], from: Instant, horizon: Duration) -> [FreedSlot] {
        let changed = Set(before).symmetricDifference(Set(after))
        guard let low = changed.map(\.start).min(), let high = changed.map(\.end).max() else { return [] }
        let window = slots(from: max(from, low - .seconds(12 * 3600)), to: min(from + horizon, high))
        return window.compactMap { slot in
            let was = freeCapacity(of: slot, busy: before)
            let now = freeCapacity(of: slot, busy: after)
            return now > was ? FreedSlot(slot: slot, freeBefore: was, freeAfter: now) : nil
        }
    }
}
