/// SMS templates rendered with realistic sample values, with the encoding and segment
/// count each would be sent with. `speedai-rules check` prints these so an admin sees
/// the actual text and its cost (a single ’ switches an SMS to UCS-2 and halves its
/// length) before a customer's phone does; the checker warns from the same figures.
public struct TemplatePreview: Sendable, Equatable {
    /// The template's key in the `sms` block, e.g. `offer`.
    public var name: String
    /// The rendered text, exactly as it would be sent.
    public var text: String
    /// Encoding, length and segments of `text`.
    public var sms: SMSSegmentInfo

    /// Creates a preview; use `preview(_:establishment:)` to compute one.
    public init(name: String, text: String, sms: SMSSegmentInfo) {
        self.name = name
        self.text = text
        self.sms = sms
    }

    /// The sample values: each variable's documented example, with the establishment's
    /// own display name.
    public static func sampleValues(establishment: String) -> [String: String] {
        var values: [String: String] = [:]
        for variable in RuleTemplateVariables.all { values[variable.name] = variable.example }
        values["etablissement"] = establishment
        return values
    }

    /// One template rendered with the sample values.
    public static func preview(_ template: RuleSet.SMSTemplate, establishment: String) -> TemplatePreview {
        let text = template.render(sampleValues(establishment: establishment))
        return TemplatePreview(name: template.name, text: text, sms: SMSEncoding.analyze(text))
    }

    /// Every template of a rule set, in schema order.
    public static func previews(of rules: RuleSet) -> [TemplatePreview] {
        rules.sms.all.map { preview($0, establishment: rules.establishment.name) }
    }
}
