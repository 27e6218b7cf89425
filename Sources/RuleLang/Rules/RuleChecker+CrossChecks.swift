/// Checks that involve several settings: services overlapping on the same day, resources
/// naming services that do not exist, bookings shorter than their slot, settings without
/// effect (`broadcast_before` without the hybrid strategy), offers that stop before links
/// expire, and SMS that would cost more than three segments.
extension RuleChecker {
    /// The largest SMS, in segments, that passes without a warning.
    static let maxQuietSegments = 3

    mutating func crossCheck(_ rules: CheckedRules) {
        checkServices(rules)
        checkBookingLengths(rules)
        checkOffers(rules)
        checkTemplateCost(rules)
    }

    private mutating func checkServices(_ rules: CheckedRules) {
        let services = rules.block("slots")?.children("service") ?? []
        // Overlaps: without resources every service shares one calendar, so a slot must
        // belong to one service only. With resources (a salon's staff), services are
        // prestations offered side by side and overlapping hours are the point.
        let hasResources = !(rules.block("slots")?.children("resource").isEmpty ?? true)
        for (index, later) in services.enumerated() where !hasResources {
            guard case .timeRange(let laterHours)? = later.value("hours"), let laterLabel = later.label else { continue }
            for earlier in services[..<index] {
                guard case .timeRange(let earlierHours)? = earlier.value("hours"), let earlierLabel = earlier.label,
                      earlierLabel != laterLabel else { continue }
                guard earlierHours.start < laterHours.end, laterHours.start < earlierHours.end else { continue }
                let common = Self.days(of: earlier).filter(Self.days(of: later).contains)
                guard !common.isEmpty else { continue }
                let dayList = common.count == 7 ? "every day" : "on " + common.map(\.rawValue).joined(separator: ", ")
                report(.warning("services '\(earlierLabel)' (\(earlierHours)) and '\(laterLabel)' (\(laterHours)) overlap \(dayList)",
                                at: later.values["hours"]!.valueRange,
                                help: "a slot should belong to one service; make the hours meet without overlapping"))
            }
        }
        // Resources' services must exist.
        let known = services.isEmpty ? RuleSchema.defaultServices.map(\.label) : services.compactMap(\.label)
        for (label, range) in serviceReferences where !known.contains(label) {
            report(.error("unknown service '\(label)'", at: range,
                          help: Suggestions.didYouMean(label, among: known) ?? "the services are: " + known.joined(separator: ", ")))
        }
    }

    /// A booking occupies at least its own slot: a `booking_length` shorter than the slot
    /// length of a service it applies to would end before the slot does, and the slot would
    /// still count the booking whole. Lengths written but invalid are already reported.
    private mutating func checkBookingLengths(_ rules: CheckedRules) {
        let slots = rules.block("slots")
        guard let slotsLength = Self.duration(slots, "length", in: "slots") else { return }
        let shared = Self.writtenDuration(slots, "booking_length")
        guard slots?.written["booking_length"] == nil || shared != nil else { return }
        let services = slots?.children("service") ?? []
        var sharedReported = false
        func tooShort(_ booking: Int64, _ length: Int64, service: String?) -> String {
            "booking_length \(RuleValueText.duration(booking)) is shorter than the slot length \(RuleValueText.duration(length))"
                + (service.map { " of service '\($0)'" } ?? "")
        }
        func help(_ length: Int64) -> String {
            "a booking occupies at least its own slot: write \(RuleValueText.duration(length)) or more, or remove this line"
        }
        if services.isEmpty, let shared, shared.ms < slotsLength {
            report(.error(tooShort(shared.ms, slotsLength, service: nil), at: shared.range, help: help(slotsLength)))
            return
        }
        for service in services {
            guard service.written["length"] == nil || service.values["length"] != nil,
                  service.written["booking_length"] == nil || service.values["booking_length"] != nil else { continue }
            let length = Self.writtenDuration(service, "length")?.ms ?? slotsLength
            if let own = Self.writtenDuration(service, "booking_length") {
                if own.ms < length {
                    report(.error(tooShort(own.ms, length, service: service.label), at: own.range, help: help(length)))
                }
            } else if let shared, shared.ms < length, !sharedReported {
                // One error for the shared setting, naming the first service it is too short for.
                sharedReported = true
                report(.error(tooShort(shared.ms, length, service: service.label), at: shared.range,
                              help: "a booking occupies at least its own slot: write \(RuleValueText.duration(length)) or more, "
                                  + "or give service '\(service.label ?? "")' its own booking_length"))
            }
        }
    }

    /// A duration setting written with a valid value, and the value's range.
    private static func writtenDuration(_ block: CheckedBlock?, _ key: String) -> (ms: Int64, range: SourceRange)? {
        guard let setting = block?.values[key], case .duration(let ms) = setting.value else { return nil }
        return (ms, setting.valueRange)
    }

    private static func days(of service: CheckedBlock) -> [RuleSet.Weekday] {
        if case .weekdays(let days)? = service.value("days") { return days }
        return RuleSet.Weekday.allCases
    }

    private mutating func checkOffers(_ rules: CheckedRules) {
        let offers = rules.block("offers")
        if let broadcastBefore = offers?.written["broadcast_before"] {
            // An invalid strategy is already reported; stay quiet about its consequences.
            var strategy: String? = RuleSet.OfferStrategy.sequential.rawValue
            if offers?.written["strategy"] != nil {
                if case .choice(let name)? = offers?.value("strategy") { strategy = name } else { strategy = nil }
            }
            if let strategy, strategy != RuleSet.OfferStrategy.hybrid.rawValue {
                report(.warning("'broadcast_before' has no effect with strategy = \(strategy)", at: broadcastBefore,
                                help: "set 'strategy = hybrid', or remove this line"))
            }
        }
        let link = rules.block("link")
        let stopBefore = Self.duration(offers, "stop_before", in: "offers")
        let lifetime = Self.duration(link, "lifetime", in: "link")
        if let stopBefore, let lifetime, stopBefore >= lifetime {
            let range = offers?.written["stop_before"] ?? link?.written["lifetime"]
            if let range {
                report(.warning("offers stop \(RuleValueText.duration(stopBefore)) before a slot, but the customer's link lives only \(RuleValueText.duration(lifetime))",
                                at: range,
                                help: "make 'stop_before' shorter than 'lifetime' in block 'link', or customers may never get an offer"))
            }
        }
    }

    /// A duration setting's value, or its default; nil when written but invalid.
    private static func duration(_ block: CheckedBlock?, _ key: String, in keyword: String) -> Int64? {
        if let block, block.written[key] != nil {
            if case .duration(let ms)? = block.value(key) { return ms }
            return nil
        }
        if case .value(.duration(let ms))? = RuleSchema.block(keyword)?.key(key)?.defaultValue { return ms }
        return nil
    }

    private mutating func checkTemplateCost(_ rules: CheckedRules) {
        guard let sms = rules.block("sms") else { return }
        let establishment = rules.block("establishment")
        var name = RuleCompiler.defaultID(for: source)
        if case .text(let id)? = establishment?.value("id") { name = id }
        if case .text(let display)? = establishment?.value("name") { name = display }
        for templateName in RuleTemplateVariables.templateNames {
            guard let setting = sms.values[templateName], case .template(let template) = setting.value else { continue }
            let preview = TemplatePreview.preview(template, establishment: name)
            guard preview.sms.segments > Self.maxQuietSegments else { continue }
            var encoding = preview.sms.encoding.displayName
            if !preview.sms.charactersForcingUCS2.isEmpty {
                encoding += ", forced by " + preview.sms.charactersForcingUCS2.map { String($0) }.joined(separator: " ")
            }
            let help = preview.sms.encoding == .ucs2
                ? "each segment is billed; shorten the text, or use only GSM-7 characters (' instead of ’, no emoji) to fit 160 characters per SMS"
                : "each segment is billed; shorten the text"
            report(.warning("this SMS is \(preview.sms.segments) segments (\(encoding))", at: setting.valueRange, help: help))
        }
    }
}
