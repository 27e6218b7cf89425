/// The public page's alternatives for a requested slot (issue 3, item 2).
///
/// The request is first snapped to an anchor slot: the slot of the window holding the
/// requested time (the slot containing it, or the window's last slot when the time falls in
/// the window's tail). A request outside every window (between lunch and dinner, on a
/// closed day) is anchored on the nearest slot instead: the slot of the same local date
/// whose start is nearest to it, or when that date has no slot at all the nearest slot of
/// the nearest open date; since nothing bookable was requested, that anchor slot is itself
/// proposed. From the anchor, times `step`, `2 × step`, ... up to `max_distance` away
/// both ways are visited, and every slot holding one of them is a candidate, in the
/// anchor's window when `same_service` (on every resource of that service unless a resource
/// was asked for) or in any window of the same date otherwise. Candidates farther than
/// `max_distance` from the anchor (start to start) are dropped, so is any slot starting at
/// the requested slot's start; the rest are ordered nearest first, then chronologically,
/// and cut to `max_count`. Full slots stay in: the customer may wait for them.
extension SlotCalendar {
    /// Alternatives for a requested time, in any service and on any resource.
    public func alternatives(for requested: Instant, busy: [BusyInterval]) -> [Alternative] {
        alternatives(for: requested, service: nil, resource: nil, occupancy: SlotOccupancy(busy: busy))
    }

    /// Alternatives for a requested time in one service and/or on one resource (nil: any).
    public func alternatives(for requested: Instant, service: String?, resource: String?,
                             busy: [BusyInterval]) -> [Alternative] {
        alternatives(for: requested, service: service, resource: resource, occupancy: SlotOccupancy(busy: busy))
    }

    /// Alternatives against an already indexed busy list, for callers asking many times.
    public func alternatives(for requested: Instant, service: String?, resource: String?,
                             occupancy: SlotOccupancy) -> [Alternative] {
        let policy = alternativesPolicy
        guard policy.maxCount > 0,
              let anchor = anchor(for: requested, service: service, resource: resource) else { return [] }
        let step = max(1, policy.step.components.seconds)
        let maxDistance = max(0, policy.maxDistance.components.seconds)
        let reach = maxDistance / step // how many steps fit in max_distance
        let origin = anchor.slot.key.start.seconds
        let scope = windows(onEpochDay: anchor.day,
                            service: policy.sameService ? anchor.slot.key.service : nil,
                            resource: resource)
        var candidates: [(distance: Int64, slot: SlotInfo)] = []
        for window in scope {
            for slot in window.slots {
                let distance = abs(slot.key.start.seconds - origin)
                guard distance <= maxDistance else { continue }
                if distance == 0 && anchor.wasRequested { continue }
                // The steps k (|k| ≤ reach) landing in [start, end): k·step ∈ [start − origin, end − origin).
                let low = Self.ceilDiv(slot.key.start.seconds - origin, step)
                let high = Self.ceilDiv(slot.end.seconds - origin, step) - 1
                let first = max(low, -reach), last = min(high, reach)
                guard first <= last else { continue }
                let reached = first != 0 || last != 0 || !anchor.wasRequested
                if reached { candidates.append((distance, slot)) }
            }
        }
        candidates.sort { a, b in a.distance != b.distance ? a.distance < b.distance : a.slot.key < b.slot.key }
        return candidates.prefix(policy.maxCount).map { Alternative(slot: $0.slot, free: occupancy.freeCapacity(of: $0.slot)) }
    }

    /// The slot a request is measured from, the local date of that slot, and whether the
    /// request really fell in a window (then the anchor is the requested slot, not an offer).
    struct Anchor {
        var slot: SlotInfo
        var day: Int64
        var wasRequested: Bool
    }

    /// How far back and forward a request outside every window looks for an open date.
    static let anchorSearchDays: Int64 = 366

    func anchor(for requested: Instant, service: String?, resource: String?) -> Anchor? {
        let local = zone.local(requested)
        let day = local.epochDay
        let second = Int(local.utcSeconds - day * 86_400)
        let sameDay = windows(onEpochDay: day, service: service, resource: resource)
        if let holding = sameDay.first(where: { $0.contains(second: second) }) {
            return Anchor(slot: holding.snap(requested), day: day, wasRequested: true)
        }
        if let nearest = Self.nearestSlot(to: requested, in: sameDay) {
            return Anchor(slot: nearest, day: day, wasRequested: false)
        }
        // A date without any slot: look outward; one more ring after the first hit, since a
        // window just past midnight one day further can be nearer than one at noon.
        var found: [(slot: SlotInfo, day: Int64)] = []
        var ring: Int64 = 1
        var lastRing = Self.anchorSearchDays
        while ring <= lastRing {
            for candidateDay in [day - ring, day + ring] {
                if let slot = Self.nearestSlot(to: requested,
                                               in: windows(onEpochDay: candidateDay, service: service, resource: resource)) {
                    found.append((slot, candidateDay))
                }
            }
            if !found.isEmpty && lastRing > ring + 1 { lastRing = ring + 1 }
            ring += 1
        }
        let best = found.min { a, b in Self.isNearer(a.slot, than: b.slot, to: requested) }
        return best.map { Anchor(slot: $0.slot, day: $0.day, wasRequested: false) }
    }

    /// The slot of these windows whose start is nearest to an instant (earlier on a tie).
    static func nearestSlot(to instant: Instant, in windows: [DayWindow]) -> SlotInfo? {
        var best: SlotInfo?
        for window in windows {
            for slot in window.slots where best.map({ isNearer(slot, than: $0, to: instant) }) ?? true {
                best = slot
            }
        }
        return best
    }

    static func isNearer(_ a: SlotInfo, than b: SlotInfo, to instant: Instant) -> Bool {
        let da = abs(a.key.start.seconds - instant.seconds), db = abs(b.key.start.seconds - instant.seconds)
        return da != db ? da < db : a.key < b.key
    }

    /// Integer division rounding toward +∞ (divisor positive).
    static func ceilDiv(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor > 0 ? quotient + 1 : quotient
    }
}
