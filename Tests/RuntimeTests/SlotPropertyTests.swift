import Testing
import RuleLang
@testable import Runtime

/// Deterministic pseudo-random numbers (SplitMix64): a seed gives the same case every run.
struct SlotSeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: Int) { state = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15 &+ 0x1234_5678 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One random establishment: a rule file (restaurant-like windows, or overlapping services
/// on resources), plus random calendars and requests over it.
struct SlotRandomCase {
    var random: SlotSeededGenerator
    let rules: RuleSet
    let calendar: SlotCalendar
    let text: String

    static let zones = ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "UTC", "Asia/Kolkata"]
    static let lengths = ["15m", "20m", "30m", "45m", "1h", "1h30m"]
    static let steps = ["5m", "15m", "30m", "45m", "1h", "2h"]
    static let distances = ["0s", "30m", "1h30m", "3h", "12h"]

    init(seed: Int) throws {
        var random = SlotSeededGenerator(seed: seed)
        let weekdays = RuleSet.Weekday.allCases.map(\.rawValue)
        func someDays() -> String {
            let days = weekdays.filter { _ in Int.random(in: 0..<3, using: &random) > 0 }
            return "[" + (days.isEmpty ? ["sat"] : days).joined(separator: ", ") + "]"
        }
        func clock(_ halfHours: Int) -> String {
            let hours = halfHours / 2
            return (hours < 10 ? "0" : "") + "\(hours):" + (halfHours % 2 == 0 ? "00" : "30")
        }
        let withResources = Bool.random(using: &random)
        let serviceCount = Int.random(in: 1...3, using: &random)
        var lines = ["establishment {", "  timezone = \"\(Self.zones.randomElement(using: &random)!)\"", "}", "slots {"]
        lines.append("  length = \(Self.lengths.randomElement(using: &random)!)")
        lines.append("  capacity = \(Int.random(in: 1...40, using: &random))")
        var closed = weekdays.filter { _ in Int.random(in: 0..<5, using: &random) == 0 }
        for _ in 0..<Int.random(in: 0...5, using: &random) {
            closed.append("2025-\(String(format: "%02d", Int.random(in: 1...12, using: &random)))-\(String(format: "%02d", Int.random(in: 1...28, using: &random)))")
        }
        if !closed.isEmpty { lines.append("  closed = [\(Array(Set(closed)).sorted().joined(separator: ", "))]") }
        // Without resources, windows must not overlap: cut them from sorted half-hour marks.
        var marks = Array(Set((0..<(serviceCount * 2)).map { _ in Int.random(in: 0...48, using: &random) })).sorted()
        if marks.count % 2 == 1 { marks.removeLast() }
        if marks.count < 2 { marks = [38, 46] }
        var services: [String] = []
        for index in 0..<(withResources ? serviceCount : marks.count / 2) {
            let (start, end): (Int, Int)
            if withResources {
                let a = Int.random(in: 0...47, using: &random)
                (start, end) = (a, Int.random(in: (a + 1)...48, using: &random))
            } else {
                (start, end) = (marks[2 * index], marks[2 * index + 1])
            }
            let label = "s\(index)"
            services.append(label)
            lines.append("  service \(label) {")
            lines.append("    days = \(someDays())")
            lines.append("    hours = \(clock(start))-\(clock(end))")
            if Bool.random(using: &random) { lines.append("    length = \(Self.lengths.randomElement(using: &random)!)") }
            if Bool.random(using: &random) { lines.append("    capacity = \(Int.random(in: 1...12, using: &random))") }
            lines.append("  }")
        }
        if withResources {
            for index in 0..<Int.random(in: 1...3, using: &random) {
                lines.append("  resource r\(index) {")
                let served = services.filter { _ in Bool.random(using: &random) }
                if !served.isEmpty { lines.append("    services = [\(served.joined(separator: ", "))]") }
                if Bool.random(using: &random) { lines.append("    days = \(someDays())") }
                lines.append("  }")
            }
        }
        lines.append("}")
        lines += [
            "alternatives {",
            "  same_service = \(Bool.random(using: &random))",
            "  step = \(Self.steps.randomElement(using: &random)!)",
            "  max_distance = \(Self.distances.randomElement(using: &random)!)",
            "  max_count = \(Int.random(in: 0...12, using: &random))",
            "}",
        ]
        text = lines.joined(separator: "\n") + "\n"
        rules = try SlotFixtures.compile(text, name: "seed-\(seed).rules")
        calendar = try SlotCalendar(rules: rules)
        self.random = random
    }

    var resourceLabels: [String] { rules.slots.resources.map(\.label) }

    /// Start of 2025 in UTC; cases live in 2025 and the first days of 2026.
    static let year = Instant(seconds: 1_735_689_600)

    mutating func instant(withinDays days: Int, from origin: Instant = year) -> Instant {
        Instant(seconds: origin.seconds + Int64(Int.random(in: 0..<(days * 86_400), using: &random)))
    }

    /// Busy intervals around `origin`: some empty or inverted, some on every resource or on
    /// an unknown one, some with zero or negative units.
    mutating func busy(count: Int, around origin: Instant) -> [BusyInterval] {
        let places = [""] + resourceLabels
        // Most bookings sit on or near a real slot, so that they do take capacity.
        let slots = calendar.slots(from: origin - .seconds(86_400), to: origin + .seconds(3 * 86_400))
        return (0..<count).map { index in
            var start = Instant(seconds: origin.seconds + Int64(Int.random(in: -86_400...(3 * 86_400), using: &random) / 300 * 300))
            if Int.random(in: 0..<10, using: &random) < 7, let slot = slots.randomElement(using: &random) {
                start = Instant(seconds: slot.start.seconds + Int64(Int.random(in: -2...2, using: &random) * 900))
            }
            let length = Int64([0, 1800, 2700, 3600, 5400, 7200, 14_400, -600].randomElement(using: &random)!)
            return BusyInterval(id: "b\(index)", start: start, end: Instant(seconds: start.seconds + length),
                                resource: Int.random(in: 0..<10, using: &random) == 0 ? "ghost" : places.randomElement(using: &random)!,
                                units: Int.random(in: -1...(index % 3 == 0 ? 12 : 3), using: &random))
        }
    }

    /// The busy list after a random change: cancellations, moves, units up or down, new bookings.
    mutating func changed(_ busy: [BusyInterval], around origin: Instant) -> [BusyInterval] {
        var after = busy
        for _ in 0..<Int.random(in: 1...4, using: &random) where !after.isEmpty {
            // Mostly a booking that takes capacity, so that something can be freed.
            let taking = after.indices.filter { after[$0].units > 0 && after[$0].start < after[$0].end }
            let index = taking.isEmpty || Int.random(in: 0..<4, using: &random) == 0
                ? Int.random(in: 0..<after.count, using: &random) : taking.randomElement(using: &random)!
            switch Int.random(in: 0..<4, using: &random) {
            case 0: after.remove(at: index)
            case 1:
                let shift = Int64(Int.random(in: -12...12, using: &random) * 900)
                after[index].start = Instant(seconds: after[index].start.seconds + shift)
                after[index].end = Instant(seconds: after[index].end.seconds + shift + Int64(Int.random(in: -2...2, using: &random) * 900))
            case 2: after[index].units += Int.random(in: -3...3, using: &random)
            default: after += self.busy(count: 1, around: origin)
            }
        }
        return after
    }
}

/// Invariants over 200 seeded random establishments each: slots equal the slow reference,
/// free capacity stays within [0, capacity] and the index agrees with the linear count,
/// freed slots are exactly the slots whose free capacity rose, alternatives keep to the
/// rules (open days, distance, count, order) and agree with a step-by-step reference.
@Suite struct SlotPropertyTests {
    @Test(arguments: 0..<200)
    func slotsMatchTheReference(seed: Int) throws {
        var random = try SlotRandomCase(seed: seed)
        let from = random.instant(withinDays: 365)
        let to = Instant(seconds: from.seconds + Int64(Int.random(in: 0...(20 * 86_400), using: &random.random)))
        let slots = random.calendar.slots(from: from, to: to)
        #expect(slots == SlotFixtures.referenceSlots(random.rules, from: from, to: to), "\(random.text)")
        for slot in slots.prefix(20) {
            #expect(random.calendar.slot(for: slot.key) == slot)
        }
    }

    @Test(arguments: 0..<200)
    func freeCapacityStaysWithinCapacity(seed: Int) throws {
        var random = try SlotRandomCase(seed: seed)
        let origin = random.instant(withinDays: 360)
        let busy = random.busy(count: Int.random(in: 0...60, using: &random.random), around: origin)
        let occupancy = SlotOccupancy(busy: busy)
        let slots = random.calendar.slots(from: origin - .seconds(86_400), to: origin + .seconds(4 * 86_400))
        for slot in slots {
            let free = random.calendar.freeCapacity(of: slot, busy: busy)
            #expect(free >= 0 && free <= slot.capacity)
            #expect(occupancy.freeCapacity(of: slot) == free, "\(slot)")
        }
    }

    @Test(arguments: 0..<200)
    func freedSlotsAreExactlyTheSlotsWhoseFreeCapacityRose(seed: Int) throws {
        var random = try SlotRandomCase(seed: seed)
        let origin = random.instant(withinDays: 360)
        let before = random.busy(count: Int.random(in: 0...20, using: &random.random), around: origin)
        let after = random.changed(before, around: origin)
        let from = Instant(seconds: origin.seconds + Int64(Int.random(in: -86_400...86_400, using: &random.random)))
        let horizon = Duration.seconds(Int.random(in: 0...(3 * 86_400), using: &random.random))
        let freed = random.calendar.freedSlots(before: before, after: after, from: from, horizon: horizon)
        let expected = random.calendar.slots(from: from, to: from + horizon).compactMap { slot -> FreedSlot? in
            let old = random.calendar.freeCapacity(of: slot, busy: before)
            let new = random.calendar.freeCapacity(of: slot, busy: after)
            return new > old ? FreedSlot(slot: slot, freeBefore: old, freeAfter: new) : nil
        }
        #expect(freed == expected)
        #expect(freed.allSatisfy { $0.freeAfter > $0.freeBefore && $0.slot.start >= from && $0.slot.start < from + horizon })
    }

    @Test(arguments: 0..<200)
    func alternativesKeepToTheRules(seed: Int) throws {
        var random = try SlotRandomCase(seed: seed)
        let calendar = random.calendar
        let policy = random.rules.alternatives
        let zone = calendar.zone
        for _ in 0..<5 {
            // Half the requests on a real slot (maybe shifted), half anywhere in the year.
            var requested = random.instant(withinDays: 365)
            let nearby = calendar.slots(from: requested, to: requested + .seconds(7 * 86_400))
            if Bool.random(using: &random.random), let slot = nearby.randomElement(using: &random.random) {
                requested = Instant(seconds: slot.start.seconds + Int64(Int.random(in: -1...2, using: &random.random) * 600))
            }
            let services = random.rules.slots.services.map(\.label)
            let service = Bool.random(using: &random.random) ? services.randomElement(using: &random.random) : nil
            let resource = Bool.random(using: &random.random) ? random.resourceLabels.randomElement(using: &random.random) : nil
            let busy = random.busy(count: 20, around: requested - .seconds(86_400))
            let alternatives = calendar.alternatives(for: requested, service: service, resource: resource, busy: busy)
            let context = "\(random.text)\nrequest \(requested) \(service ?? "-") \(resource ?? "-")"

            #expect(alternatives.count <= policy.maxCount, "\(context)")
            #expect(Set(alternatives.map(\.slot.key)).count == alternatives.count, "\(context)")
            guard let anchor = calendar.anchor(for: requested, service: service, resource: resource) else {
                #expect(alternatives.isEmpty)
                continue
            }
            let origin = anchor.slot.start
            let distance = { (alternative: Alternative) in abs(alternative.slot.start.seconds - origin.seconds) }
            for alternative in alternatives {
                let slot = alternative.slot
                let local = zone.local(slot.start)
                let weekday = RuleSet.Weekday.allCases[local.isoWeekday - 1]
                let date = RuleSet.CalendarDate(year: local.year, month: local.month, day: local.day)
                #expect(!random.rules.slots.isClosed(on: date, weekday: weekday), "\(context)")
                #expect(random.rules.slots.service(slot.key.service)?.days.contains(weekday) == true)
                #expect(calendar.slot(for: slot.key) == slot, "\(context)")
                #expect(distance(alternative) <= policy.maxDistance.components.seconds, "\(context)")
                #expect(alternative.free == calendar.freeCapacity(of: slot, busy: busy))
                #expect(local.epochDay == anchor.day)
                if policy.sameService { #expect(slot.key.service == anchor.slot.key.service) }
                if let resource { #expect(slot.key.resource == resource) }
                if anchor.wasRequested { #expect(slot.start != origin) }
            }
            #expect(zip(alternatives, alternatives.dropFirst()).allSatisfy { a, b in
                (distance(a), a.slot.key) < (distance(b), b.slot.key)
            }, "\(context)")
            #expect(alternatives == Self.reference(calendar, anchor: anchor, resource: resource, busy: busy), "\(context)")
            Self.checkAnchor(anchor, calendar: calendar, requested: requested, service: service, resource: resource, context: context)
        }
    }

    /// Alternatives the slow way: visit every step from the anchor and take the slots holding it.
    static func reference(_ calendar: SlotCalendar, anchor: SlotCalendar.Anchor, resource: String?,
                          busy: [BusyInterval]) -> [Alternative] {
        let policy = calendar.alternativesPolicy
        guard policy.maxCount > 0 else { return [] }
        let zone = calendar.zone
        let origin = anchor.slot.start.seconds
        let step = policy.step.components.seconds, maxDistance = policy.maxDistance.components.seconds
        let around = Instant(seconds: anchor.day * 86_400)
        let scope = calendar.slots(from: around - .seconds(2 * 86_400), to: around + .seconds(3 * 86_400)).filter {
            zone.local($0.start).epochDay == anchor.day
                && (!policy.sameService || $0.key.service == anchor.slot.key.service)
                && (resource == nil || $0.key.resource == resource)
        }
        var picked: Set<SlotKey> = []
        let reach = maxDistance / step
        for k in -reach...reach where !(k == 0 && anchor.wasRequested) {
            let time = origin + k * step
            for slot in scope where slot.start.seconds <= time && time < slot.end.seconds { picked.insert(slot.key) }
        }
        let chosen = scope.filter { slot in
            let distance = abs(slot.start.seconds - origin)
            return picked.contains(slot.key) && distance <= maxDistance && !(distance == 0 && anchor.wasRequested)
        }
        return chosen
            .sorted { (abs($0.start.seconds - origin), $0.key) < (abs($1.start.seconds - origin), $1.key) }
            .prefix(policy.maxCount)
            .map { Alternative(slot: $0, free: calendar.freeCapacity(of: $0, busy: busy)) }
    }

    /// The anchor is the slot holding the request, or the nearest slot: on the same local
    /// date when that date has slots, else anywhere around.
    static func checkAnchor(_ anchor: SlotCalendar.Anchor, calendar: SlotCalendar, requested: Instant,
                            service: String?, resource: String?, context: String) {
        let zone = calendar.zone
        let day = zone.local(requested).epochDay
        let candidates = calendar.slots(from: requested - .seconds(4 * 86_400), to: requested + .seconds(4 * 86_400)).filter {
            (service == nil || $0.key.service == service) && (resource == nil || $0.key.resource == resource)
        }
        #expect(calendar.slot(for: anchor.slot.key) == anchor.slot, "\(context)")
        let sameDay = candidates.filter { zone.local($0.start).epochDay == day }
        if sameDay.contains(where: { $0.start <= requested && requested < $0.end }) {
            #expect(anchor.wasRequested, "\(context)")
        }
        if anchor.wasRequested {
            #expect(anchor.day == day && (anchor.slot.start <= requested || sameDay.first == anchor.slot), "\(context)")
        } else {
            let pool = sameDay.isEmpty ? candidates : sameDay
            let nearest = pool.map { abs($0.start.seconds - requested.seconds) }.min()
            if let nearest { #expect(abs(anchor.slot.start.seconds - requested.seconds) == nearest, "\(context)") }
        }
    }
}
