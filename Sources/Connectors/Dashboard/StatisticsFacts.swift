/// The narrow input of the dashboard statistics: only what the figures use, already reduced
/// by the store (an entry's id and status, an offer's outcome and booking time, who reached
/// the line, each distinct SMS body once with its count). Reading full rows — names, phones,
/// slot lists decoded from JSON, history reasons, every SMS payload decoded — made the
/// statistics page of 100 000 entries cost over half a second; these facts cost a fraction.
import Runtime

/// What the statistics of one establishment's period are computed from.
public struct StatisticsFacts: Sendable, Equatable {
    /// One entry created in the period.
    public struct Entry: Sendable, Equatable {
        /// Entry id (unique within the establishment).
        public var id: Int
        /// Its status (`EntryStatus` raw value).
        public var status: String

        /// An entry fact.
        public init(id: Int, status: String) {
            self.id = id
            self.status = status
        }
    }

    /// One offer to an entry of the period.
    public struct Offer: Sendable, Equatable {
        /// The entry it went to.
        public var entryID: Int
        /// `Offer.Outcome` raw value.
        public var outcome: String
        /// When it was sent.
        public var sentAt: Instant
        /// For an accepted offer, the first history line moving the entry to confirmed at or
        /// after `sentAt` (the booking); nil otherwise or when there is none.
        public var bookedAt: Instant?

        /// An offer fact.
        public init(entryID: Int, outcome: String, sentAt: Instant, bookedAt: Instant?) {
            self.entryID = entryID
            self.outcome = outcome
            self.sentAt = sentAt
            self.bookedAt = bookedAt
        }
    }

    /// One distinct SMS body and how many sent SMS had it.
    public struct SMSBody: Sendable, Equatable {
        /// The text as sent (links masked).
        public var body: String
        /// How many SMS carried it.
        public var count: Int

        /// A body fact.
        public init(body: String, count: Int) {
            self.body = body
            self.count = count
        }
    }

    /// Entries created in the period.
    public var entries: [Entry]
    /// Offers made to those entries.
    public var offers: [Offer]
    /// Ids of those entries with a history line moving them to waiting (each once or more).
    public var reachedWaiting: [Int]
    /// The period's sent SMS, grouped by body.
    public var smsBodies: [SMSBody]

    /// Facts from their parts.
    public init(entries: [Entry], offers: [Offer], reachedWaiting: [Int], smsBodies: [SMSBody]) {
        self.entries = entries
        self.offers = offers
        self.reachedWaiting = reachedWaiting
        self.smsBodies = smsBodies
    }
}
