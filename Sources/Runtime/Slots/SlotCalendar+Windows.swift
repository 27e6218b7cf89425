/// The service windows of one local date with their slots, as alternatives need them: a
/// requested time is first placed in a window, then neighbours are looked for in the same
/// window (or the same day's other windows).
extension SlotCalendar {
    /// One (service, resource) window on one date and its slots in start order.
    struct DayWindow {
        var window: SlotDayPlan.Window
        var slots: [SlotInfo]

        /// The slot a time inside the window snaps to: the one holding it, or when the time
        /// falls in the window's tail (too short for a whole slot) the last slot before it,
        /// or when it falls before the first slot (a DST gap ate it) the first slot.
        func snap(_ instant: Instant) -> SlotInfo {
            slots.last { $0.key.start <= instant } ?? slots[0]
        }

        /// Whether a wall-clock second of the window's date lies in the window.
        func contains(second: Int) -> Bool {
            second >= window.startSecond && second < window.endSecond
        }
    }

    /// The windows open on a local date, in rule-file order (service, then resource), each
    /// with at least one slot; optionally only one service or resource.
    func windows(onEpochDay day: Int64, service: String? = nil, resource: String? = nil) -> [DayWindow] {
        let templates = plan.windows(onEpochDay: day)
        guard !templates.isEmpty else { return [] }
        let clock = DayClock(zone: zone, epochDay: day)
        var result: [DayWindow] = []
        for window in templates where window.length > 0 {
            if let service, window.service != service { continue }
            if let resource, window.resource != resource { continue }
            var slots: [SlotInfo] = []
            for second in window.slotSeconds {
                guard let start = clock.instant(atSecond: second) else { continue }
                slots.append(SlotInfo(key: SlotKey(start: start, service: window.service, resource: window.resource),
                                      end: start + .seconds(window.length), capacity: window.capacity))
            }
            if !slots.isEmpty { result.append(DayWindow(window: window, slots: slots)) }
        }
        return result
    }
}
