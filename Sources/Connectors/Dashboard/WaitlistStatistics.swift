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
    public static func compute(entries: [EntryRow], offers: [OfferRow], history: [HistoryRow],
                               smsBodies: [String], from: Instant, to: Instant,
                               zone: ZoneConverter) -> WaitlistStatistics {
        var statistics = WaitlistStatistics(from: from, to: to)
        var inPeriod: [EntryKey: EntryFacts] = [:]
        inPeriod.reserveCapacity(entries.count)
        for entry in entries where entry.createdAt >= from && entry.createdAt < to {
            inPeriod[EntryKey(business: entry.business, id: entry.id)] = EntryFacts(status: entry.status)
        }
        for line in history {
            guard let id = line.entryID, line.to != nil else { continue }
            let key = EntryKey(business: line.business, id: id)
            guard inPeriod[key] != nil else { continue }
            if line.to == EntryStatus.waiting.rawValue { inPeriod[key]!.reachedWaiting = true }
            if line.to == EntryStatus.confirmed.rawValue { inPeriod[key]!.confirmations.append(line.at) }
        }
        var refillSeconds: [Int64] = []
        var bookings: [Instant] = []
        for offer in offers {
            let key = EntryKey(business: offer.business, id: offer.entryID)
            guard let facts = inPeriod[key] else { continue }
            inPeriod[key]!.hasOffer = true
            statistics.offersSent += 1
            switch offer.outcome {
            case Offer.Outcome.declined.rawValue: statistics.declines += 1
            case Offer.Outcome.expired.rawValue: statistics.timeouts += 1
            case Offer.Outcome.accepted.rawValue:
                inPeriod[key]!.hasAcceptedOffer = true
                if let booked = facts.confirmations.filter({ $0 >= offer.sentAt }).min() {
                    refillSeconds.append(booked.seconds - offer.sentAt.seconds)
                    bookings.append(booked)
                }
            default: break
            }
        }
        for facts in inPeriod.values {
            statistics.invited += 1
            if facts.joined { statistics.joined += 1 }
            if facts.hasOffer { statistics.offered += 1 }
            if facts.isConfirmed { statistics.confirmed += 1 }
        }
        if statistics.joined > 0 {
            statistics.conversionRate = Double(statistics.confirmed) / Double(statistics.joined)
        }
        statistics.medianRefillSeconds = median(refillSeconds)
        statistics.refilledPerWeek = weeklyCounts(bookings, from: from, to: to, zone: zone)
        for body in smsBodies {
            let info = SMSSegmentInfo.analyze(body)
            statistics.smsCount += 1
            statistics.smsSegments += info.segments
            if info.encoding == .gsm7 { statistics.smsGSM7Count += 1 } else { statistics.smsUCS2Count += 1 }
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

/// What the single passes learn about one entry of the period.
private struct EntryFacts {
    var status: String
    var reachedWaiting = false
    var hasOffer = false
    var hasAcceptedOffer = false
    /// Times of the history lines moving the entry to confirmed.
    var confirmations: [Instant] = []

    var joined: Bool {
        reachedWaiting || hasOffer || status == EntryStatus.waiting.rawValue
            || status == EntryStatus.offered.rawValue || status == EntryStatus.confirmed.rawValue
    }

    var isConfirmed: Bool { hasAcceptedOffer || status == EntryStatus.confirmed.rawValue }
}
