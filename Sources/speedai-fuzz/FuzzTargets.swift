import RuleLang

/// What the fuzzer feeds bytes to. Each target must never crash, hang or trip a sanitizer,
/// whatever the bytes; where the code promises an invariant (the formatter is idempotent),
/// the target checks it and traps when it breaks, so libFuzzer reports the input.
enum FuzzTarget: String, CaseIterable {
    /// Rule files: parse, check, format, and format again.
    case rules
    /// CEL: parse, type-check against the rule environment, plan, evaluate.
    case cel
    /// Mustache: parse and render in both escaping modes.
    case mustache
    /// Public form bodies and query strings: decode, re-encode, validate the waitlist form.
    case form
    /// The trigger endpoint's and the admin API's JSON bodies.
    case trigger
    /// iCalendar feeds and RRULE expansion over a bounded window.
    case ical
    /// Twilio webhooks: signature check with a fixed token, status callbacks, inbound SMS.
    case webhook

    func run(_ bytes: [UInt8]) {
        switch self {
        case .rules: Self.fuzzRules(bytes)
        case .cel: Self.fuzzCEL(bytes)
        case .mustache: Self.fuzzMustache(bytes)
        case .form: FormFuzzTarget.run(bytes)
        case .trigger: TriggerFuzzTarget.run(bytes)
        case .ical: ICalFuzzTarget.run(bytes)
        case .webhook: WebhookFuzzTarget.run(bytes)
        }
    }

    private static func fuzzRules(_ bytes: [UInt8]) {
        let file = SourceFile(name: "fuzz.rules", bytes: bytes)
        let compilation = RuleCompiler.compile(file)
        for diagnostic in compilation.diagnostics {
            _ = DiagnosticRenderer().render(diagnostic, in: file)
        }
        guard let formatted = RuleFormatter.format(compilation.syntax) else { return }
        let reparsed = RuleParser.parse(SourceFile(name: "fuzz.rules", text: formatted))
        guard let again = RuleFormatter.format(reparsed) else {
            fatalError("formatter output does not parse again:\n\(formatted)")
        }
        if again != formatted {
            fatalError("formatter is not idempotent:\n--- first\n\(formatted)\n--- second\n\(again)")
        }
    }

    private static func fuzzCEL(_ bytes: [UInt8]) {
        let file = SourceFile(name: "<fuzz>", bytes: bytes)
        let parsed = CELParser.parse(file)
        guard let expr = parsed.expr else { return }
        let environment = RuleEnvironment.cel
        _ = CELChecker(environment: environment).check(expr)
        guard let program = try? CELProgram(expr, environment: environment) else { return }
        _ = try? program.evaluate(RuleEnvironment.sampleBindings())
    }

    private static func fuzzMustache(_ bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return }
        let (template, _) = MustacheTemplate.parse(text)
        guard let template else { return }
        let context: MustacheValue = ["date": "samedi 18 janvier", "heure": "19h30", "items": [1, "<b>"]]
        _ = template.render(context, escaping: .html)
        _ = template.render(context, escaping: .none)
    }
}
