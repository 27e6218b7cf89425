/// The compiled form of one establishment's rule file: every setting checked, typed and
/// defaulted, so the waitlist engine never looks at syntax or falls back on a default of
/// its own. `RuleCompiler` is the only producer; an empty file compiles to the documented
/// defaults (see `docs/rules.md`).
public struct RuleSet: Sendable, Equatable {
    /// Who the rules are for.
    public var establishment: Establishment
    /// How the establishment's day is cut into bookable slots.
    public var slots: SlotModel
    /// Which other slots may be offered when the requested one stays full.
    public var alternatives: Alternatives
    /// Whether an entry wants a slot (`matching.match`): a CEL bool over `entry`, `slot`, `now`.
    public var match: CELExpression
    /// In which order matching entries get offers.
    public var priority: Priority
    /// How offers are sent and how long they stay open.
    public var offers: OfferPolicy
    /// Lifetime of the customer's public waitlist link.
    public var linkLifetime: Duration
    /// How often calendars are polled for freed slots.
    public var pollInterval: Duration
    /// The SMS texts.
    public var sms: SMSTemplates
    /// Retry policy for sending SMS.
    public var smsRetry: RetryPolicy
    /// Retry policy for calendar calls.
    public var calendarRetry: RetryPolicy
    /// How long closed entries keep personal data before they are anonymised.
    public var retention: Duration

    /// Creates a value from its parts; `RuleCompiler` is the usual producer.
    public init(establishment: Establishment, slots: SlotModel, alternatives: Alternatives, match: CELExpression,
                priority: Priority, offers: OfferPolicy, linkLifetime: Duration, pollInterval: Duration,
                sms: SMSTemplates, smsRetry: RetryPolicy, calendarRetry: RetryPolicy, retention: Duration) {
        self.establishment = establishment
        self.slots = slots
        self.alternatives = alternatives
        self.match = match
        self.priority = priority
        self.offers = offers
        self.linkLifetime = linkLifetime
        self.pollInterval = pollInterval
        self.sms = sms
        self.smsRetry = smsRetry
        self.calendarRetry = calendarRetry
        self.retention = retention
    }
}

extension RuleSet {
    /// The `establishment` block.
    public struct Establishment: Sendable, Hashable {
        /// The business id, `[a-z0-9_-]+`; defaults to the file name.
        public var id: String
        /// Display name used in SMS (`{{etablissement}}`) and on the public page.
        public var name: String
        /// IANA time zone the slot hours are written in.
        public var timeZone: String
        /// Logo shown on the public page, if any.
        public var logoURL: String?
        /// Base URL of the public waitlist pages.
        public var publicURL: String

        /// Creates a value from its parts; `RuleCompiler` is the usual producer.
        public init(id: String, name: String, timeZone: String, logoURL: String?, publicURL: String) {
            self.id = id
            self.name = name
            self.timeZone = timeZone
            self.logoURL = logoURL
            self.publicURL = publicURL
        }
    }

    /// The `alternatives` block.
    public struct Alternatives: Sendable, Hashable {
        /// Only offer alternatives within the requested slot's service window.
        public var sameService: Bool
        /// Distance between two alternatives considered.
        public var step: Duration
        /// How far from the requested slot an alternative may be.
        public var maxDistance: Duration
        /// How many alternatives at most (0 disables them).
        public var maxCount: Int

        /// Creates a value from its parts; `RuleCompiler` is the usual producer.
        public init(sameService: Bool, step: Duration, maxDistance: Duration, maxCount: Int) {
            self.sameService = sameService
            self.step = step
            self.maxDistance = maxDistance
            self.maxCount = maxCount
        }
    }

    /// The `priority` block: entries are sorted by `order` ascending, after subtracting
    /// the amount of every boost whose condition holds.
    public struct Priority: Sendable, Equatable {
        /// The sort key: int, uint, double, string, timestamp or duration.
        public var order: CELExpression
        /// Boosts in file order.
        public var boosts: [Boost]

        /// Creates a value from its parts; `RuleCompiler` is the usual producer.
        public init(order: CELExpression, boosts: [Boost]) {
            self.order = order
            self.boosts = boosts
        }
    }

    /// One `boost <label>` block.
    public struct Boost: Sendable, Equatable {
        /// The block's label, e.g. `regulars`.
        public var label: String
        /// When the boost applies: a CEL bool.
        public var when: CELExpression
        /// What is subtracted from the sort key.
        public var amount: BoostAmount

        /// Creates a value from its parts; `RuleCompiler` is the usual producer.
        public init(label: String, when: CELExpression, amount: BoostAmount) {
            self.label = label
            self.when = when
            self.amount = amount
        }
    }

    /// The `by` of a boost: a literal of the sort key's kind, or an expression.
    public enum BoostAmount: Sendable, Equatable {
        /// For timestamp and duration keys: `by = 30m`.
        case duration(Duration)
        /// For numeric keys: `by = 10`.
        case number(Double)
        /// Computed per entry, e.g. `by = duration('1m') * entry.visits`.
        case expression(CELExpression)
    }

    /// A `retry <sms|calendar>` block: exponential back-off, `initial * factor^n`
    /// capped at `cap`, for at most `attempts` tries in all.
    public struct RetryPolicy: Sendable, Hashable {
        /// Tries in all, the first one included.
        public var attempts: Int
        /// Wait before the first retry.
        public var initial: Duration
        /// Each wait is the previous one times this.
        public var factor: Double
        /// The longest wait.
        public var cap: Duration

        /// Creates a value from its parts; `RuleCompiler` is the usual producer.
        public init(attempts: Int, initial: Duration, factor: Double, cap: Duration) {
            self.attempts = attempts
            self.initial = initial
            self.factor = factor
            self.cap = cap
        }

        /// The wait before retry number `retry` (0 for the first retry).
        public func delay(beforeRetry retry: Int) -> Duration {
            var delay = Double(initial.ruleMilliseconds)
            for _ in 0..<max(0, retry) { delay *= factor }
            let capped = min(delay, Double(cap.ruleMilliseconds))
            return .milliseconds(Int64(capped.rounded()))
        }
    }
}

extension Duration {
    /// Whole milliseconds, the resolution of rule-file durations.
    var ruleMilliseconds: Int64 {
        let parts = components
        return parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
    }
}
