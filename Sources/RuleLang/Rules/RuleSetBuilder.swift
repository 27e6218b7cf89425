/// Builds the `RuleSet` from checked settings, filling every gap from `RuleSchema`'s
/// defaults (or the documented derived defaults: the id from the file name, a service's
/// length from the slots' length, ...). Runs only on error-free files, so every required
/// setting is present and every value has its key's type.
struct RuleSetBuilder {
    let rules: CheckedRules
    let file: SourceFile

    func build() -> RuleSet {
        let establishment = rules.block("establishment")
        let id = text(establishment, "id") ?? RuleCompiler.defaultID(for: file)
        let slots = buildSlots()
        let alternatives = rules.block("alternatives")
        let priority = rules.block("priority")
        let offers = rules.block("offers")
        return RuleSet(
            establishment: RuleSet.Establishment(
                id: id,
                name: text(establishment, "name") ?? id,
                timeZone: text(establishment, "timezone") ?? defaultText(["establishment"], "timezone"),
                logoURL: text(establishment, "logo_url"),
                publicURL: text(establishment, "public_url") ?? defaultText(["establishment"], "public_url")),
            slots: slots,
            alternatives: RuleSet.Alternatives(
                sameService: bool(alternatives, ["alternatives"], "same_service"),
                step: alternatives.flatMap { durationValue($0, "step") } ?? slots.length,
                maxDistance: duration(alternatives, ["alternatives"], "max_distance"),
                maxCount: int(alternatives, ["alternatives"], "max_count")),
            match: expression(rules.block("matching"), ["matching"], "match"),
            priority: RuleSet.Priority(
                order: expression(priority, ["priority"], "order"),
                boosts: (priority?.children("boost") ?? []).map(buildBoost)),
            offers: buildOffers(offers),
            linkLifetime: duration(rules.block("link"), ["link"], "lifetime"),
            pollInterval: duration(rules.block("calendar"), ["calendar"], "poll_every"),
            sms: buildTemplates(),
            smsRetry: buildRetry("sms"),
            calendarRetry: buildRetry("calendar"),
            retention: duration(rules.block("privacy"), ["privacy"], "retention"))
    }

    // MARK: - Blocks

    private func buildSlots() -> RuleSet.SlotModel {
        let block = rules.block("slots")
        let path = ["slots"]
        let length = duration(block, path, "length")
        let capacity = int(block, path, "capacity")
        let bookingLength = block.flatMap { durationValue($0, "booking_length") }
        var closedWeekdays: [RuleSet.Weekday] = []
        var closedDates: [RuleSet.CalendarDate] = []
        if case .closedDays(let days, let dates)? = block?.value("closed") {
            closedWeekdays = days
            closedDates = dates
        }
        let servicePath = ["slots", "service"]
        var services = (block?.children("service") ?? []).map { service in
            RuleSet.Service(
                label: service.label ?? "",
                name: text(service, "name") ?? service.label ?? "",
                days: weekdays(service, servicePath, "days"),
                hours: timeRange(service, "hours") ?? RuleSet.TimeRange(start: 0, end: 1440),
                length: durationValue(service, "length") ?? length,
                capacity: intValue(service, "capacity") ?? capacity,
                bookingLength: durationValue(service, "booking_length") ?? bookingLength)
        }
        if services.isEmpty {
            services = RuleSchema.defaultServices.map { service in
                RuleSet.Service(label: service.label, name: service.label, days: RuleSet.Weekday.allCases,
                                hours: service.hours, length: length, capacity: capacity, bookingLength: bookingLength)
            }
        }
        let resources = (block?.children("resource") ?? []).map { resource in
            var labels = services.map(\.label)
            if case .labels(let listed)? = resource.value("services") { labels = listed }
            return RuleSet.Resource(
                label: resource.label ?? "",
                name: text(resource, "name") ?? resource.label ?? "",
                services: labels,
                days: weekdays(resource, ["slots", "resource"], "days"))
        }
        return RuleSet.SlotModel(length: length, capacity: capacity, closedWeekdays: closedWeekdays,
                                 closedDates: closedDates, services: services, resources: resources)
    }

    private func buildBoost(_ block: CheckedBlock) -> RuleSet.Boost {
        let path = ["priority", "boost"]
        let amount: RuleSet.BoostAmount
        switch block.value("by") {
        case .duration(let ms)?: amount = .duration(.milliseconds(ms))
        case .number(let number)?: amount = .number(number)
        case .expression(let expression)?: amount = .expression(expression)
        default: amount = .number(0)
        }
        return RuleSet.Boost(label: block.label ?? "", when: expression(block, path, "when"), amount: amount)
    }

    private func buildOffers(_ block: CheckedBlock?) -> RuleSet.OfferPolicy {
        let path = ["offers"]
        let timeout: RuleSet.OfferTimeout
        switch value(block, path, "timeout") {
        case .expression(let expression)?: timeout = .computed(expression)
        case .duration(let ms)?: timeout = .fixed(.milliseconds(ms))
        default: timeout = .fixed(.seconds(15 * 60))
        }
        var quietHours: RuleSet.TimeRange?
        if case .timeRange(let range)? = value(block, path, "quiet_hours") { quietHours = range }
        var strategy = RuleSet.OfferStrategy.sequential
        if case .choice(let name)? = value(block, path, "strategy"), let chosen = RuleSet.OfferStrategy(rawValue: name) {
            strategy = chosen
        }
        return RuleSet.OfferPolicy(
            strategy: strategy,
            broadcastBefore: duration(block, path, "broadcast_before"),
            timeout: timeout,
            stopBefore: duration(block, path, "stop_before"),
            maxOffersPerEntry: int(block, path, "max_offers_per_entry"),
            quietHours: quietHours,
            hold: bool(block, path, "hold"))
    }

    private func buildTemplates() -> RuleSet.SMSTemplates {
        let block = rules.block("sms")
        func template(_ name: String) -> RuleSet.SMSTemplate {
            if case .template(let template)? = block?.value(name) { return template }
            return Self.defaultTemplate(name)
        }
        return RuleSet.SMSTemplates(
            initial: template("initial"), offer: template("offer"), confirmed: template("confirmed"),
            declined: template("declined"), expired: template("expired"), offerTaken: template("offer_taken"))
    }

    private func buildRetry(_ label: String) -> RuleSet.RetryPolicy {
        let block = rules.blocks.first { $0.schema.keyword == "retry" && $0.label == label }
        let path = ["retry"]
        func number(_ key: String) -> Double {
            if case .number(let value)? = value(block, path, key, label: label) { return value }
            return 1
        }
        return RuleSet.RetryPolicy(
            attempts: int(block, path, "attempts", label: label),
            initial: duration(block, path, "initial", label: label),
            factor: number("factor"),
            cap: duration(block, path, "cap", label: label))
    }

    // MARK: - Defaults

    /// The templates' defaults, parsed once.
    static let defaultTemplates: [String: RuleSet.SMSTemplate] = Dictionary(uniqueKeysWithValues:
        RuleTemplateVariables.templateNames.map { name in
            let source = RuleTemplateVariables.defaultText(of: name)
            guard let template = MustacheTemplate.parse(source).template else {
                preconditionFailure("the default '\(name)' SMS template does not parse")
            }
            return (name, RuleSet.SMSTemplate(name: name, source: source, template: template))
        })

    static func defaultTemplate(_ name: String) -> RuleSet.SMSTemplate { defaultTemplates[name]! }

    /// A default CEL expression, parsed and checked like one from a file.
    static func defaultExpression(_ source: String) -> CELExpression {
        let (_, parsed) = CELParser.parse(source, fileName: "<default>")
        guard let expr = parsed.expr else { preconditionFailure("the default expression '\(source)' does not parse") }
        let checked = CELChecker(environment: RuleEnvironment.cel).check(expr)
        return CELExpression(expr: expr, type: checked.type, source: source)
    }

    // MARK: - Reading values

    /// The written value, else the schema's fixed (or per-label) default.
    private func value(_ block: CheckedBlock?, _ path: [String], _ key: String, label: String? = nil) -> RuleSettingValue? {
        if let written = block?.value(key) { return written }
        switch RuleSchema.block(path: path)?.key(key)?.defaultValue {
        case .value(let value)?: return value
        case .perLabel(let values)?: return label.flatMap { values[$0] }
        case .expression(let source)?: return .expression(Self.defaultExpression(source))
        default: return nil
        }
    }

    private func defaultText(_ path: [String], _ key: String) -> String {
        if case .text(let text)? = value(nil, path, key) { return text }
        return ""
    }

    private func text(_ block: CheckedBlock?, _ key: String) -> String? {
        if case .text(let text)? = block?.value(key) { return text }
        return nil
    }

    private func durationValue(_ block: CheckedBlock, _ key: String) -> Duration? {
        if case .duration(let ms)? = block.value(key) { return .milliseconds(ms) }
        return nil
    }

    private func intValue(_ block: CheckedBlock, _ key: String) -> Int? {
        if case .integer(let value)? = block.value(key) { return Int(value) }
        return nil
    }

    private func timeRange(_ block: CheckedBlock, _ key: String) -> RuleSet.TimeRange? {
        if case .timeRange(let range)? = block.value(key) { return range }
        return nil
    }

    private func duration(_ block: CheckedBlock?, _ path: [String], _ key: String, label: String? = nil) -> Duration {
        if case .duration(let ms)? = value(block, path, key, label: label) { return .milliseconds(ms) }
        return .zero
    }

    private func int(_ block: CheckedBlock?, _ path: [String], _ key: String, label: String? = nil) -> Int {
        if case .integer(let value)? = value(block, path, key, label: label) { return Int(value) }
        return 0
    }

    private func bool(_ block: CheckedBlock?, _ path: [String], _ key: String) -> Bool {
        if case .boolean(let flag)? = value(block, path, key) { return flag }
        return false
    }

    private func weekdays(_ block: CheckedBlock?, _ path: [String], _ key: String) -> [RuleSet.Weekday] {
        if case .weekdays(let days)? = value(block, path, key) { return days }
        return RuleSet.Weekday.allCases
    }

    private func expression(_ block: CheckedBlock?, _ path: [String], _ key: String) -> CELExpression {
        if case .expression(let expression)? = value(block, path, key) { return expression }
        return Self.defaultExpression("true")
    }
}
