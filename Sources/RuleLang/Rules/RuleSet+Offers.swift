/// The offer policy of compiled rules: how a freed slot is proposed to waiting customers
/// (one at a time, all at once, or one at a time then all at once near the slot), how
/// long each offer stays open, and when the engine keeps quiet.
extension RuleSet {
    /// The `offers` block.
    public struct OfferPolicy: Sendable, Equatable {
        /// How offers go out.
        public var strategy: OfferStrategy
        /// Hybrid strategy: broadcast once the slot starts sooner than this.
        public var broadcastBefore: Duration
        /// How long one offer stays open.
        public var timeout: OfferTimeout
        /// No offers for a slot starting sooner than this.
        public var stopBefore: Duration
        /// An entry receives at most this many offers.
        public var maxOffersPerEntry: Int
        /// No SMS in this time range (local time); nil when set to `none`.
        public var quietHours: TimeRange?
        /// Put a tentative hold on the calendar while an offer is open.
        public var hold: Bool

        /// Creates a value from its parts; `RuleCompiler` is the usual producer.
        public init(strategy: OfferStrategy, broadcastBefore: Duration, timeout: OfferTimeout, stopBefore: Duration,
                    maxOffersPerEntry: Int, quietHours: TimeRange?, hold: Bool) {
            self.strategy = strategy
            self.broadcastBefore = broadcastBefore
            self.timeout = timeout
            self.stopBefore = stopBefore
            self.maxOffersPerEntry = maxOffersPerEntry
            self.quietHours = quietHours
            self.hold = hold
        }
    }

    /// `offers.strategy`.
    public enum OfferStrategy: String, Sendable, Hashable, CaseIterable {
        /// One entry at a time, in priority order; the next one when an offer expires.
        case sequential
        /// Every matching entry at once; the first to accept wins.
        case broadcast
        /// Sequential, then broadcast once the slot is closer than `broadcast_before`.
        case hybrid
    }

    /// `offers.timeout`: a fixed duration, or a CEL duration computed per offer.
    public enum OfferTimeout: Sendable, Equatable {
        case fixed(Duration)
        case computed(CELExpression)
    }
}
