/// The dashboard's figures for one period: how many people were invited, joined, got an
/// offer and booked, how offers ended, how fast freed slots were refilled and what the SMS
/// cost in segments. Pure: the service reads the rows from the store and hands them here,
/// so the figures can be tested on hand-built rows and computed for 100 000 entries in one
/// pass over each input (offers and history are indexed by entry once, never searched).
import RuleLang
import Runtime

/// Figures of the entries created in `[from, to)`.
///
/// Definitions (what the dashboard's help text should say):
/// - `invited`: entries created in the period (each starts with an invitation SMS).
/// - `joined`: entries that reached the waitlist: their status is waiting, offered or
///   confirmed, a history line moved them to waiting, or they received an offer. An entry that
///   went from invited straight to expired or removed did not join.
/// - `offered`: entries with at least one offer. `confirmed`: status confirmed, or an offer
///   accepted.
/// - `conversionRate`: confirmed ÷ joined, nil when nobody joined.
/// - `declines` / `timeouts`: offers to those entries that ended declined / expired.
/// - Refill time of an accepted offer: from the offer's `sentAt` (the engine offers a freed
///   slot at once, so sending is the closest recorded proxy for "the slot was freed") to the
///   first history line of the entry moving to confirmed at or after `sentAt` (the booking).
///   Accepted offers without such a line are left out. `medianRefillSeconds` is their median
///   (the mean of the two middle values for an even count), nil when there are none.
/// - `refilledPerWeek`: those bookings counted by the local week (Monday, ISO date, in the
///   establishment's zone) of the booking; every week from the one holding `from` to the one
///   holding the last instant of the period (or the last booking, if later) is listed, zeros
///   included, oldest first.
/// - `smsCount` / `smsSegments`: the SMS bodies given (the period's sent SMS) and the segments
///   they are billed for, GSM-7 or UCS-2 as `SMSSegmentInfo` decides.
public struct WaitlistStatistics: Sendable {
    /// Start of the period (inclusive).
    public var from: Instant
    /// End of the period (exclusive).
    public var to: Instant
    /// Entries created in the period.
    public var invited = 0
    /// Entries that reached the waitlist (see the type's definitions).
    public var joined = 0
    /// Entries that received at least one offer.
    public var offered = 0
    /// Entries that booked a slot.
    public var confirmed = 0
    /// confirmed ÷ joined, in [0, 1]; nil when `joined` is 0.
    public var conversionRate: Double?
    /// Offers made to the period's entries.
    public var offersSent = 0
    /// Offers answered Non.
    public var declines = 0
    /// Offers left unanswered until they ran out.
    public var timeouts = 0
    /// Median seconds from an accepted offer's sending to the booking; nil without bookings.
    public var medianRefillSeconds: Double?
    /// Bookings per local week, oldest first, weeks without any included.
    public var refilledPerWeek: [(weekStart: String, count: Int)] = []
    /// SMS bodies counted.
    public var smsCount = 0
    /// Segments those SMS are billed for.
    public var smsSegments = 0
    /// SMS that fit the GSM-7 alphabet.
    public var smsGSM7Count = 0
    /// SMS sent as UCS-2 (an accent or emoji outside GSM-7), which cost more segments.
    public var smsUCS2Count = 0

    /// The funnel in order, with the French labels the dashboard shows.
    public var funnel: [(label: String, count: Int)] {
        [("Invités", invited), ("Inscrits", joined), ("Contactés", offered), ("Confirmés", confirmed)]
    }

    /// Empty figures for a period.
    public init(from: Instant, to: Instant) {
        self.from = from
        self.to = to
    }

    /// Computes the figures of the entries created in `[from, to)`. `offers` and `history` may
    /// hold rows of other entries (they are ignored); `smsBodies` are counted as given.
    /// Full rows are reduced to `StatisticsFacts` here; the dashboard reads the facts from the
    /// store directly (`statisticsFacts`), which is much cheaper, and both give the same figures.
    public static func compute(entries: [EntryRow], offers: [OfferRow], history: [HistoryRow],
                               smsBodies: [String], from: Instant, to: Instant,
                               zone: ZoneConverter) -> WaitlistStatistics {
        // Entries of the period under a dense number (ids restart at 1 in each business).
        var number: [EntryKey: Int] = [:]
        number.reserveCapacity(entries.count)
        var periodEntries: [StatisticsFacts.Entry] = []
        for entry in entries where entry.createdAt >= from && entry.createdAt < to {
            let key = EntryKey(business: entry.business, id: entry.id)
            if let known = number[key] {
                periodEntries[known].status = entry.status
            } else {
                number[key] = periodEntries.count
                periodEntries.append(StatisticsFacts.Entry(id: periodEntries.count, status: entry.status))
            }
        }
        var confirmations = [[Instant]](repeating: [], count: periodEntries.count)
        var reachedWaiting: [Int] = []
        for line in history {
            guard let id = line.entryID, let to = line.to, let known = number[EntryKey(business: line.business, id: id)] else { continue }
            if to == EntryStatus.waiting.rawValue { reachedWaiting.append(known) }
            if to == EntryStatus.confirmed.rawValue { confirmations[known].append(line.at) }
        }
        var periodOffers: [StatisticsFacts.Offer] = []
        for offer in offers {
            guard let known = number[EntryKey(business: offer.business, id: offer.entryID)] else { continue }
            let booked = offer.outcome == Offer.Outcome.accepted.rawValue
                ? confirmations[known].filter { $0 >= offer.sentAt }.min() : nil
            periodOffers.append(StatisticsFacts.Offer(entryID: known, outcome: offer.outcome, sentAt: offer.sentAt, bookedAt: booked))
        }
        let facts = StatisticsFacts(entries: periodEntries, offers: periodOffers, reachedWaiting: reachedWaiting,
                                    smsBodies: smsBodies.map { StatisticsFacts.SMSBody(body: $0, count: 1) })
        return compute(facts, from: from, to: to, zone: zone)
    }

    /// Computes the figures from the facts of the entries created in `[from, to)` (see the
    /// type's definitions). One pass over each input, over flat arrays indexed by entry.
    public static func compute(_ facts: StatisticsFacts, from: Instant, to: Instant, zone: ZoneConverter) -> WaitlistStatistics {
        var statistics = WaitlistStatistics(from: from, to: to)
        let slots = EntrySlots(facts.entries.map(\.id))
        var flags = [EntryFlags](repeating: EntryFlags(), count: slots.count)
        for entry in facts.entries {
            let slot = slots.slot(of: entry.id)!
            flags[slot].present = true
            flags[slot].status = entry.status // the last fact of an id wins, as rows do
        }
        for id in facts.reachedWaiting {
            if let slot = slots.slot(of: id), flags[slot].present { flags[slot].reachedWaiting = true }
        }
        var refillSeconds: [Int64] = []
        var bookings: [Instant] = []
        for offer in facts.offers {
            guard let slot = slots.slot(of: offer.entryID), flags[slot].present else { continue }
            flags[slot].hasOffer = true
            statistics.offersSent += 1
            switch offer.outcome {
            case Offer.Outcome.declined.rawValue: statistics.declines += 1
            case Offer.Outcome.expired.rawValue: statistics.timeouts += 1
            case Offer.Outcome.accepted.rawValue:
                flags[slot].hasAcceptedOffer = true
                if let booked = offer.bookedAt {
                    refillSeconds.append(booked.seconds - offer.sentAt.seconds)
                    bookings.append(booked)
                }
            default: break
            }
        }
        for entry in flags where entry.present {
            statistics.invited += 1
            if entry.joined { statistics.joined += 1 }
            if entry.hasOffer { statistics.offered += 1 }
            if entry.isConfirmed { statistics.confirmed += 1 }
        }
        if statistics.joined > 0 {
            statistics.conversionRate = Double(statistics.confirmed) / Double(statistics.joined)
        }
        statistics.medianRefillSeconds = median(refillSeconds)
        statistics.refilledPerWeek = weeklyCounts(bookings, from: from, to: to, zone: zone)
        for sms in facts.smsBodies where sms.count > 0 {
            let bill = SMSEncoding.billing(sms.body)
            statistics.smsCount += sms.count
            statistics.smsSegments += bill.segments * sms.count
            if bill.encoding == .gsm7 { statistics.smsGSM7Count += sms.count } else { statistics.smsUCS2Count += sms.count }
        }
        return statistics
    }

    /// The ISO date of the Monday starting the local week that holds `instant`.
    public static func weekStart(of instant: Instant, zone: ZoneConverter) -> String {
        isoDate(epochDay: mondayEpochDay(of: instant, zone: zone))
    }

    /// Median of whole seconds; the mean of the two middle values for an even count.
    static func median(_ values: [Int64]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        if sorted.count % 2 == 1 { return Double(sorted[middle]) }
        return (Double(sorted[middle - 1]) + Double(sorted[middle])) / 2
    }

    /// Bookings per local week, every week from `from`'s to the last one (zeros included).
    static func weeklyCounts(_ bookings: [Instant], from: Instant, to: Instant,
                             zone: ZoneConverter) -> [(weekStart: String, count: Int)] {
        let firstWeek = mondayEpochDay(of: from, zone: zone)
        var lastWeek = mondayEpochDay(of: to > from ? Instant(seconds: to.seconds - 1) : from, zone: zone)
        var counts: [Int64: Int] = [:]
        for booking in bookings {
            let week = mondayEpochDay(of: booking, zone: zone)
            counts[week, default: 0] += 1
            lastWeek = max(lastWeek, week)
        }
        let earliest = min(firstWeek, counts.keys.min() ?? firstWeek)
        return stride(from: earliest, through: lastWeek, by: 7).map { week in
            (weekStart: isoDate(epochDay: week), count: counts[week] ?? 0)
        }
    }

    private static func mondayEpochDay(of instant: Instant, zone: ZoneConverter) -> Int64 {
        let local = zone.local(instant)
        return local.epochDay - Int64(local.isoWeekday - 1)
    }

    private static func isoDate(epochDay: Int64) -> String {
        String(CivilDateTime(utcSeconds: epochDay * 86_400).isoText.prefix(10))
    }
}

/// An entry across businesses: ids restart at 1 in each business.
private struct EntryKey: Hashable {
    var business: String
    var id: Int
}

/// Entry ids to positions in flat arrays: the ids' range when it is dense (the usual case,
/// ids count up from 1), a dictionary otherwise.
private struct EntrySlots {
    let lowest: Int
    let count: Int
    let sparse: [Int: Int]?

    init(_ ids: [Int]) {
        let lowest = ids.min() ?? 0, highest = ids.max() ?? -1
        if highest - lowest < 4 * ids.count + 1024 {
            self.lowest = lowest
            count = max(0, highest - lowest + 1)
            sparse = nil
        } else {
            var positions: [Int: Int] = [:]
            for id in ids where positions[id] == nil { positions[id] = positions.count }
            self.lowest = 0
            count = positions.count
            sparse = positions
        }
    }

    /// The position of `id`, nil when it is not one of the ids.
    func slot(of id: Int) -> Int? {
        if let sparse { return sparse[id] }
        let slot = id - lowest
        return slot >= 0 && slot < count ? slot : nil
    }
}

/// What the passes learn about one entry of the period.
private struct EntryFlags {
    var present = false
    var status = ""
    var reachedWaiting = false
    var hasOffer = false
    var hasAcceptedOffer = false

    var joined: Bool {
        reachedWaiting || hasOffer || status == EntryStatus.waiting.rawValue
            || status == EntryStatus.offered.rawValue || status == EntryStatus.confirmed.rawValue
    }

    var isConfirmed: Bool { hasAcceptedOffer || status == EntryStatus.confirmed.rawValue }
}
