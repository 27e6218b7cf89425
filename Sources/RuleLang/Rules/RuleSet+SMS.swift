/// The SMS texts of compiled rules: each template kept both parsed (ready to render) and
/// as the dedented source text (for previews, diffs and the dashboard).
extension RuleSet {
    /// The `sms` block: one template per message the engine sends.
    public struct SMSTemplates: Sendable, Equatable {
        /// Sent when the requested slot is full: invites to join the waitlist.
        public var initial: SMSTemplate
        /// Proposes a freed slot with Oui/Non links.
        public var offer: SMSTemplate
        /// The customer accepted and the booking is made.
        public var confirmed: SMSTemplate
        /// The customer declined.
        public var declined: SMSTemplate
        /// The offer expired without an answer.
        public var expired: SMSTemplate
        /// The customer answered yes, but someone else took the slot first.
        public var offerTaken: SMSTemplate

        /// Creates a value from its parts; `RuleCompiler` is the usual producer.
        public init(initial: SMSTemplate, offer: SMSTemplate, confirmed: SMSTemplate, declined: SMSTemplate,
                    expired: SMSTemplate, offerTaken: SMSTemplate) {
            self.initial = initial
            self.offer = offer
            self.confirmed = confirmed
            self.declined = declined
            self.expired = expired
            self.offerTaken = offerTaken
        }

        /// All templates with their rule-file key, in schema order.
        public var all: [SMSTemplate] { [initial, offer, confirmed, declined, expired, offerTaken] }
    }

    /// One SMS template.
    public struct SMSTemplate: Sendable, Equatable {
        /// The key in the `sms` block, e.g. `offer`.
        public var name: String
        /// The template text after dedenting, before rendering.
        public var source: String
        /// The parsed template; render with `escaping: .none` (SMS are not HTML).
        public var template: MustacheTemplate

        /// Creates a value from its parts; `RuleCompiler` is the usual producer.
        public init(name: String, source: String, template: MustacheTemplate) {
            self.name = name
            self.source = source
            self.template = template
        }

        /// Renders the SMS text. No HTML escaping: "Fish & Chips" must reach the phone as typed.
        /// French spacing (`FrenchTypography.applyToSMS`) unless it would cost another segment.
        public func render(_ values: [String: String]) -> String {
            FrenchTypography.applyToSMS(template.render(
                .object(MustacheObject(values.sorted { $0.key < $1.key }.map { ($0.key, MustacheValue.string($0.value)) })),
                escaping: .none))
        }

        /// Two templates are the same when their names and texts are.
        public static func == (a: SMSTemplate, b: SMSTemplate) -> Bool {
            a.name == b.name && a.source == b.source
        }
    }
}
