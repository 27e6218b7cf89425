/// The closing figures of a dry-run: how many entries, how they ended, what the offers
/// did, the conversion rate (confirmed / joined), the slots refilled and the SMS bill.
import RuleLang

/// Summary figures of one replay.
public struct TranscriptSummary: Sendable, Equatable {
    /// Entries created (one per accepted trigger).
    public var entries = 0
    /// Entries whose form was accepted.
    public var joined = 0
    /// Offers sent, and how they ended.
    public var offers = 0, accepted = 0, declined = 0, expired = 0, withdrawn = 0, open = 0
    /// Bookings the engine made.
    public var bookings = 0
    /// Distinct slots that received at least one booking from the waitlist.
    public var slotsRefilled = 0
    /// Entries by final status.
    public var byStatus: [EntryStatus: Int] = [:]
    /// SMS sent and the segments they cost.
    public var sms = 0, segments = 0

    /// The figures of `result`.
    public init(result: DryRunResult) {
        let state = result.state
        entries = state.entries.count
        joined = state.entries.filter { $0.form != nil && $0.history.contains { $0.to == .waiting } }.count
        offers = state.offers.count
        for offer in state.offers {
            switch offer.outcome {
            case .accepted: accepted += 1
            case .declined: declined += 1
            case .expired: expired += 1
            case .withdrawn: withdrawn += 1
            case .open: open += 1
            }
        }
        var refilled = Set<SlotKey>()
        for record in result.records {
            guard case let .effect(_, effect) = record else { continue }
            switch effect {
            case let .createBooking(slot, _, _, _):
                bookings += 1
                refilled.insert(slot)
            case let .sendSMS(_, _, text, _):
                sms += 1
                segments += SMSEncoding.billing(text).segments
            default: break
            }
        }
        slotsRefilled = refilled.count
        for entry in state.entries { byStatus[entry.status, default: 0] += 1 }
    }

    /// `confirmed / joined` as `46.7 %`, or `n/a` when nobody joined.
    public var conversion: String {
        let confirmed = byStatus[.confirmed, default: 0]
        guard joined > 0 else { return "n/a" }
        let tenths = (confirmed * 1000 + joined / 2) / joined
        return "\(tenths / 10).\(tenths % 10) % (\(confirmed)/\(joined))"
    }

    /// The summary block of the transcript.
    public var lines: [String] {
        let statuses = EntryStatus.allCases.compactMap { status in
            byStatus[status].map { "\(status.rawValue) \($0)" }
        }.joined(separator: ", ")
        return [
            "summary:",
            "  entries: \(entries) (\(statuses.isEmpty ? "none" : statuses))",
            "  joined: \(joined)",
            "  offers sent: \(offers) (accepted \(accepted), declined \(declined), expired \(expired), withdrawn \(withdrawn), open \(open))",
            "  bookings: \(bookings)",
            "  conversion rate: \(conversion)",
            "  slots refilled: \(slotsRefilled)",
            "  SMS sent: \(sms) (\(plural(segments, "segment")))",
        ]
    }
}
