import RuleLang

/// The slot model compiled once into a plan per weekday: every (service, resource) window
/// that runs on that weekday and the wall-clock offsets of its slots. Cutting a day into
/// slots is then a walk over a short precomputed list, which is what makes a year of slots
/// cheap. Closed dates are kept as epoch days for a constant-time check.
struct SlotDayPlan: Sendable {
    /// One service window on one resource ("" without resources), as wall-clock seconds of the day.
    struct Window: Sendable, Hashable {
        /// Service label.
        var service: String
        /// Position of the service in the rule file, to order windows the way the file does.
        var serviceIndex: Int
        /// Resource label, "" without resources.
        var resource: String
        /// Position of the resource in the rule file (0 without resources).
        var resourceIndex: Int
        /// Window start and end, seconds since local midnight.
        var startSecond: Int
        var endSecond: Int
        /// Slot length in seconds.
        var length: Int
        /// Bookings per slot.
        var capacity: Int

        /// Wall-clock starts of the slots: from the window start while a whole slot fits.
        var slotSeconds: StrideTo<Int> {
            stride(from: startSecond, to: length > 0 ? endSecond - length + 1 : startSecond, by: max(length, 1))
        }
    }

    /// One slot of a weekday plan: a wall-clock second of the day and the window it belongs to.
    struct SlotStart: Sendable {
        var second: Int
        var window: Int
    }

    /// Windows per ISO weekday (index 0 = Monday), in rule-file order (service, then resource).
    let windows: [[Window]]
    /// Slot starts per ISO weekday, ordered as `SlotKey` orders slots of one day.
    let slotStarts: [[SlotStart]]
    /// Closed dates as days since 1970-01-01.
    let closedDays: Set<Int64>
    /// The longest slot of any service, in seconds: how far back an overlapping slot can start.
    let longestSlot: Int

    init(model: RuleSet.SlotModel) {
        let closedWeekdays = Set(model.closedWeekdays)
        var windows: [[Window]] = Array(repeating: [], count: 7)
        var longest = 0
        for (serviceIndex, service) in model.services.enumerated() {
            let length = Int(service.length.components.seconds)
            longest = max(longest, length)
            // Hours never cross midnight (the checker enforces it); guard anyway.
            guard service.hours.end > service.hours.start else { continue }
            let hosts: [(String, Int, [RuleSet.Weekday])] = model.resources.isEmpty
                ? [("", 0, [])]
                : model.resources.enumerated()
                    .filter { $0.element.services.isEmpty || $0.element.services.contains(service.label) }
                    .map { ($0.element.label, $0.offset, $0.element.days) }
            for (weekdayIndex, weekday) in RuleSet.Weekday.allCases.enumerated() {
                guard service.days.contains(weekday), !closedWeekdays.contains(weekday) else { continue }
                for (resource, resourceIndex, days) in hosts where days.isEmpty || days.contains(weekday) {
                    windows[weekdayIndex].append(Window(
                        service: service.label, serviceIndex: serviceIndex,
                        resource: resource, resourceIndex: resourceIndex,
                        startSecond: service.hours.start * 60, endSecond: service.hours.end * 60,
                        length: length, capacity: service.capacity))
                }
            }
        }
        self.windows = windows
        self.slotStarts = windows.map { dayWindows in
            var starts: [SlotStart] = []
            for (index, window) in dayWindows.enumerated() where window.length > 0 {
                for second in window.slotSeconds { starts.append(SlotStart(second: second, window: index)) }
            }
            return starts.sorted { a, b in
                if a.second != b.second { return a.second < b.second }
                let x = dayWindows[a.window], y = dayWindows[b.window]
                if x.service != y.service { return x.service < y.service }
                return x.resource < y.resource
            }
        }
        self.closedDays = Set(model.closedDates.map {
            CivilDateTime(year: $0.year, month: $0.month, day: $0.day).epochDay
        })
        self.longestSlot = longest
    }

    /// The windows open on a local date (none on a closed date or weekday).
    func windows(onEpochDay day: Int64) -> [Window] {
        closedDays.contains(day) ? [] : windows[Self.weekdayIndex(ofEpochDay: day)]
    }

    /// The slot starts on a local date (none on a closed date or weekday).
    func slotStarts(onEpochDay day: Int64) -> [SlotStart] {
        closedDays.contains(day) ? [] : slotStarts[Self.weekdayIndex(ofEpochDay: day)]
    }

    /// 0 = Monday ... 6 = Sunday; 1970-01-01 was a Thursday.
    static func weekdayIndex(ofEpochDay day: Int64) -> Int {
        let index = Int((day + 3) % 7)
        return index < 0 ? index + 7 : index
    }
}
