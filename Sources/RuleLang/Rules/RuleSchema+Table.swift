/// The schema table: every block and key of the rule language with its type, default,
/// bounds and summary. Change the language here; the checker, the compiler's defaults,
/// `docs/rules.md` and `--help` follow.
extension RuleSchema {
    private static let second: Int64 = 1000
    private static let minute: Int64 = 60 * second
    private static let hour: Int64 = 60 * minute
    private static let day: Int64 = 24 * hour

    /// The two services an establishment gets when it declares none.
    public static let defaultServices: [(label: String, hours: RuleSet.TimeRange)] = [
        ("lunch", RuleSet.TimeRange(12, 0, 14, 30)),
        ("dinner", RuleSet.TimeRange(19, 0, 23, 0)),
    ]

    static let table: [BlockSchema] = [
        BlockSchema("establishment", summary: "Who the rules are for.", keys: [
            KeySchema("id", .text(.identifier), default: .derived("the file name without `.rules`"),
                      "business id, used in URLs and logs"),
            KeySchema("name", .text(.plain), default: .derived("the id"),
                      "display name, used in SMS as `{{etablissement}}`"),
            KeySchema("timezone", .text(.timeZone), default: .value(.text("Europe/Paris")),
                      "time zone the hours are written in"),
            KeySchema("logo_url", .text(.url), default: .absent, "logo shown on the public waitlist page"),
            KeySchema("public_url", .text(.url), default: .value(.text("https://app.speedai.io")),
                      "base URL of the public waitlist pages"),
        ]),
        BlockSchema("slots", summary: "How the day is cut into bookable slots.", keys: [
            KeySchema("length", .duration(min: 5 * minute, max: 12 * hour), default: .value(.duration(30 * minute)),
                      "slot length"),
            KeySchema("capacity", .integer(min: 1, max: nil), default: .value(.integer(1)),
                      "bookings per slot (per resource when there are resources), e.g. covers"),
            KeySchema("booking_length", .duration(min: 5 * minute, max: 12 * hour), default: .derived("each service's `length`"),
                      "how long a booking occupies its places, from its slot's start; at least the slot length"),
            KeySchema("closed", .weekdaysAndDates, default: .value(.closedDays(weekdays: [], dates: [])),
                      "weekdays and dates the establishment is closed"),
        ], blocks: [
            BlockSchema("service", label: .name(example: "dinner"),
                        summary: "A service window; none declared means `lunch` 12:00-14:30 and `dinner` 19:00-23:00 every day.",
                        keys: [
                KeySchema("name", .text(.plain), default: .derived("the label"), "display name"),
                KeySchema("days", .weekdays, default: .value(.weekdays(RuleSet.Weekday.allCases)), "days it runs"),
                KeySchema("hours", .timeRange(crossesMidnight: false), default: .required,
                          "opening window; must end after it starts (no crossing midnight)"),
                KeySchema("length", .duration(min: 5 * minute, max: 12 * hour), default: .derived("the slots' `length`"),
                          "slot length for this service"),
                KeySchema("capacity", .integer(min: 1, max: nil), default: .derived("the slots' `capacity`"),
                          "bookings per slot for this service"),
                KeySchema("booking_length", .duration(min: 5 * minute, max: 12 * hour),
                          default: .derived("the slots' `booking_length`, else this service's `length`"),
                          "how long a booking of this service occupies its places; at least its slot length"),
            ]),
            BlockSchema("resource", label: .name(example: "julie"),
                        summary: "A person or room with its own calendar; capacity then counts per resource.",
                        keys: [
                KeySchema("name", .text(.plain), default: .derived("the label"), "display name"),
                KeySchema("services", .serviceLabels, default: .derived("all services"), "services it takes part in"),
                KeySchema("days", .weekdays, default: .value(.weekdays(RuleSet.Weekday.allCases)), "days it works"),
            ]),
        ]),
        BlockSchema("alternatives", summary: "Other slots offered when the requested one stays full.", keys: [
            KeySchema("same_service", .boolean, default: .value(.boolean(true)),
                      "only within the requested slot's service (the same evening)"),
            KeySchema("step", .duration(min: 5 * minute, max: 12 * hour), default: .derived("the slots' `length`"),
                      "distance between two alternatives"),
            KeySchema("max_distance", .duration(min: 0, max: 7 * day), default: .value(.duration(90 * minute)),
                      "how far from the requested slot"),
            KeySchema("max_count", .integer(min: 0, max: 12), default: .value(.integer(4)),
                      "how many alternatives at most (0: none)"),
        ]),
        BlockSchema("matching", summary: "Which entries want a freed slot.", keys: [
            KeySchema("match", .condition, default: .expression("slot.start in entry.slots"),
                      "true when the entry wants the slot"),
        ]),
        BlockSchema("priority", summary: "In which order matching entries get offers.", keys: [
            KeySchema("order", .sortKey, default: .expression("entry.joined_at"),
                      "sort key, smallest first"),
        ], blocks: [
            BlockSchema("boost", label: .name(example: "regulars"), summary: "Moves entries up the order when a condition holds.",
                        keys: [
                KeySchema("when", .condition, default: .required, "when the boost applies"),
                KeySchema("by", .boostAmount, default: .required,
                          "subtracted from the sort key: a duration for timestamp and duration keys, a number for numeric keys"),
            ]),
        ]),
        BlockSchema("offers", summary: "How freed slots are offered.", keys: [
            KeySchema("strategy", .choice(RuleSet.OfferStrategy.allCases.map(\.rawValue)), default: .value(.choice("sequential")),
                      "one at a time, all at once, or one at a time then all at once near the slot"),
            KeySchema("broadcast_before", .duration(min: minute, max: 7 * day), default: .value(.duration(2 * hour)),
                      "hybrid: broadcast once the slot starts sooner than this"),
            KeySchema("timeout", .durationOrExpression(min: minute, max: day), default: .value(.duration(15 * minute)),
                      "how long an offer stays open; may be computed from `entry`, `slot`, `now`"),
            KeySchema("stop_before", .duration(min: 0, max: 7 * day), default: .value(.duration(30 * minute)),
                      "no offers for a slot starting sooner than this"),
            KeySchema("max_offers_per_entry", .integer(min: 1, max: 100), default: .value(.integer(3)),
                      "offers one entry receives at most"),
            KeySchema("quiet_hours", .timeRangeOrNone, default: .value(.timeRange(RuleSet.TimeRange(22, 0, 8, 0))),
                      "no SMS during these hours (local time)"),
            KeySchema("hold", .boolean, default: .value(.boolean(false)),
                      "hold the slot on the calendar while an offer is open"),
        ]),
        BlockSchema("link", summary: "The customer's public waitlist link.", keys: [
            KeySchema("lifetime", .duration(min: 10 * minute, max: 30 * day), default: .value(.duration(48 * hour)),
                      "how long the link works"),
        ]),
        BlockSchema("calendar", summary: "Calendar synchronisation.", keys: [
            KeySchema("poll_every", .duration(min: 10 * second, max: hour), default: .value(.duration(2 * minute)),
                      "how often calendars are read for freed slots"),
        ]),
        BlockSchema("sms", summary: "SMS texts (Mustache, no HTML escaping).",
                    keys: RuleTemplateVariables.templateNames.map { name in
            KeySchema(name, .template(variables: RuleTemplateVariables.allowed(in: name)),
                      default: .value(.text(RuleTemplateVariables.defaultText(of: name))),
                      RuleTemplateVariables.summary(of: name))
        }),
        BlockSchema("retry", label: .oneOf(["sms", "calendar"]), summary: "Retries with exponential back-off.", keys: [
            KeySchema("attempts", .integer(min: 1, max: 20),
                      default: .perLabel(["sms": .integer(5), "calendar": .integer(5)]), "tries in all"),
            KeySchema("initial", .duration(min: 100, max: hour),
                      default: .perLabel(["sms": .duration(10 * second), "calendar": .duration(5 * second)]),
                      "wait before the first retry"),
            KeySchema("factor", .number(min: 1), default: .perLabel(["sms": .number(2), "calendar": .number(2)]),
                      "each wait is the previous one times this"),
            KeySchema("cap", .duration(min: second, max: day),
                      default: .perLabel(["sms": .duration(10 * minute), "calendar": .duration(5 * minute)]),
                      "longest wait"),
        ]),
        BlockSchema("privacy", summary: "Personal data retention.", keys: [
            KeySchema("retention", .duration(min: day, max: 3650 * day), default: .value(.duration(180 * day)),
                      "closed entries are anonymised after this"),
        ]),
    ]
}
