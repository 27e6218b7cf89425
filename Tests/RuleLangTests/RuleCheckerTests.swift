import Testing
@testable import RuleLang

/// The checker's rules one by one, on small inline files: the message an admin reads,
/// the help offered, and where the caret goes. The golden files in `Golden/check` show
/// the same rules rendered in full.
struct RuleCheckerTests {
    /// The only diagnostic of `text`, failing the test when there is not exactly one.
    func single(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Diagnostic? {
        let diagnostics = RuleTestSupport.compile(text).diagnostics
        #expect(diagnostics.count == 1, "\(diagnostics.map(\.message))", sourceLocation: sourceLocation)
        return diagnostics.first
    }

    /// The text under a diagnostic's caret.
    func underlined(_ text: String, _ diagnostic: Diagnostic?) -> String? {
        diagnostic.map { SourceFile(name: "t", text: text).text(in: $0.range) }
    }

    // MARK: - Structure

    @Test(arguments: [
        ("offers {\n  ofer_timeout = 15m\n}\n", "unknown setting 'ofer_timeout' in block 'offers'", "did you mean 'timeout'?"),
        ("offers {\n  stategy = hybrid\n}\n", "unknown setting 'stategy' in block 'offers'", "did you mean 'strategy'?"),
        ("link {\n  timeout = 10m\n}\n", "unknown setting 'timeout' in block 'link'", "'timeout' belongs in block 'offers'"),
        ("offers {\n  days = [mon]\n}\n", "unknown setting 'days' in block 'offers'", "'days' belongs in block 'service' (inside 'slots')"),
        ("ofers {\n}\n", "unknown block 'ofers'", "did you mean 'offers'?"),
        ("timeout = 15m\n", "'timeout' must be inside a block", "put it in block 'offers': 'offers { timeout = ... }'"),
        ("service lunch {\n  hours = 12:00-14:00\n}\n", "block 'service' must be inside block 'slots'", "move it into 'slots'"),
        ("timezone {\n}\n", "'timezone' is a setting, not a block", "write 'timezone = ...' inside block 'establishment'"),
        ("slots {\n  service = lunch\n}\n", "'service' is a block, not a setting", "write 'service dinner { ... }'"),
        ("slots {\n  hours {\n  }\n}\n", "'hours' is a setting, not a block", "write 'hours = ...' inside block 'service' (inside 'slots')"),
    ])
    func misplacedAndUnknownNames(text: String, message: String, help: String) {
        let diagnostic = single(text)
        #expect(diagnostic?.message == message)
        #expect(diagnostic?.help == help)
        #expect(diagnostic?.severity == .error)
    }

    @Test func duplicateKeyPointsAtTheFirstLine() {
        let text = "slots {\n  capacity = 4\n  capacity = 6\n}\n"
        let diagnostic = single(text)
        #expect(diagnostic?.message == "'capacity' is already set on line 2")
        #expect(underlined(text, diagnostic) == "capacity")
        #expect(diagnostic.map { SourceFile(name: "t", text: text).location(of: $0.range.start).line } == 3)
    }

    @Test func duplicateBlocks() {
        #expect(single("link {\n}\nlink {\n}\n")?.message == "block 'link' is already declared on line 1")
        let services = "slots {\n  service a {\n    hours = 12:00-13:00\n  }\n  service a {\n    hours = 19:00-20:00\n  }\n}\n"
        #expect(single(services)?.message == "service 'a' is already declared on line 2")
        #expect(single("retry sms {\n}\nretry sms {\n}\n")?.message == "retry 'sms' is already declared on line 1")
    }

    @Test func labels() {
        #expect(single("offers fast {\n}\n")?.message == "block 'offers' takes no label")
        #expect(single("slots {\n  service {\n    hours = 12:00-13:00\n  }\n}\n")?.message == "block 'service' needs a label")
        let retry = single("retry sms2 {\n}\n")
        #expect(retry?.message == "'sms2' is not something 'retry' applies to")
        #expect(retry?.help == "did you mean 'sms'?")
        #expect(single("retry {\n}\n")?.help == "write 'retry sms' or 'retry calendar'")
        #expect(RuleTestSupport.compile("slots {\n  service \"dîner\" {\n    hours = 19:00-23:00\n  }\n}\n").diagnostics.isEmpty)
    }

    @Test func requiredKeys() {
        let diagnostic = single("slots {\n  service lunch {\n    days = [tue]\n  }\n}\n")
        #expect(diagnostic?.message == "service 'lunch' needs 'hours'")
        #expect(diagnostic?.help == "add a line such as 'hours = 12:00-14:30'")
        let boost = RuleTestSupport.messages("priority {\n  boost vip {\n  }\n}\n")
        #expect(boost == ["boost 'vip' needs 'when'", "boost 'vip' needs 'by'"])
    }

    // MARK: - Types

    @Test(arguments: [
        ("slots {\n  length = \"15m\"\n}\n", "expected a duration like 15m, not a string", "remove the quotes: 15m"),
        ("slots {\n  length = 15\n}\n", "expected a duration like 15m, not a number", "add a unit: 15m for minutes, 15s for seconds (units: d, h, m, s, ms)"),
        ("slots {\n  length = \"quinze\"\n}\n", "expected a duration like 15m, not a string", "remove the quotes and write a duration like 15m or 1h30m"),
        ("slots {\n  capacity = \"40\"\n}\n", "expected a number, not a string", "remove the quotes: 40"),
        ("alternatives {\n  max_count = 2.5\n}\n", "'max_count' must be a whole number, not 2.5", "write 3"),
        ("alternatives {\n  same_service = \"true\"\n}\n", "expected true or false, not a string", "remove the quotes: true"),
        ("offers {\n  hold = non\n}\n", "expected true or false, not 'non'", "write false"),
        ("establishment {\n  name = Bistrot\n}\n", "expected a text in double quotes", "add quotes: \"Bistrot\""),
        ("establishment {\n  id = \"Chez Léon\"\n}\n", "'Chez Léon' is not a valid id: use only lower-case letters a-z, digits, '_' and '-'", "for example \"chez-leon\""),
        ("establishment {\n  logo_url = \"ftp://x.fr/a.png\"\n}\n", "'ftp://x.fr/a.png' is not a web address", "write a full address starting with https://, like \"https://www.example.fr/logo.png\""),
        ("offers {\n  strategy = sequental\n}\n", "unknown strategy 'sequental'", "did you mean 'sequential'?"),
        ("offers {\n  strategy = \"hybrid\"\n}\n", "expected one of sequential, broadcast, hybrid, not a string", "remove the quotes: hybrid"),
        ("offers {\n  quiet_hours = 23:00\n}\n", "expected a time range like 22:00-08:00, or none, not a single time", "add the end time: 23:00-..."),
        ("offers {\n  quiet_hours = nothing\n}\n", "expected a time range like 22:00-08:00, or none, not 'nothing'", nil),
        ("offers {\n  quiet_hours = \"22:00-08:00\"\n}\n", "expected a time range like 22:00-08:00, or none, not a string", "remove the quotes: 22:00-08:00"),
        ("offers {\n  quiet_hours = 22:00-22:00\n}\n", "this time range is empty: it ends when it starts", "write none for no quiet hours"),
        ("slots {\n  closed = mon\n}\n", "expected a list of weekdays and dates like [mon, 2025-12-25], not a single day", "put it in brackets: [mon]"),
        ("slots {\n  closed = [mon, tues]\n}\n", "'tues' is not a weekday", "did you mean 'tue'?"),
        ("slots {\n  service s {\n    hours = 12:00-13:00\n    days = [mon, 2025-12-25]\n  }\n}\n", "'days' takes weekdays, not dates", "closed dates go in 'closed' in block 'slots'"),
    ] as [(String, String, String?)])
    func wrongTypes(text: String, message: String, help: String?) {
        let diagnostic = single(text)
        #expect(diagnostic?.message == message)
        #expect(diagnostic?.help == help)
    }

    @Test(arguments: [
        ("slots {\n  capacity = 0\n}\n", "'capacity' must be at least 1, not 0"),
        ("slots {\n  length = 2m\n}\n", "'length' must be between 5m and 12h, not 2m"),
        ("alternatives {\n  max_count = 13\n}\n", "'max_count' must be between 0 and 12, not 13"),
        ("link {\n  lifetime = 31d\n}\n", "'lifetime' must be between 10m and 30d, not 31d"),
        ("calendar {\n  poll_every = 5s\n}\n", "'poll_every' must be between 10s and 1h, not 5s"),
        ("retry sms {\n  attempts = 21\n}\n", "'attempts' must be between 1 and 20, not 21"),
        ("retry calendar {\n  factor = 0.5\n}\n", "'factor' must be at least 1, not 0.5"),
        ("privacy {\n  retention = 12h\n}\n", "'retention' must be between 1d and 3650d, not 12h"),
        ("offers {\n  timeout = 30s\n}\n", "'timeout' must be between 1m and 1d, not 30s"),
    ])
    func bounds(text: String, message: String) {
        #expect(single(text)?.message == message)
    }

    @Test func unknownTimeZoneSuggestsTheClosestName() {
        let text = "establishment {\n  timezone = \"Europe/Pari\"\n}\n"
        let diagnostic = single(text)
        #expect(diagnostic?.message == "unknown time zone 'Europe/Pari'")
        #expect(diagnostic?.help == "did you mean 'Europe/Paris'?")
        #expect(underlined(text, diagnostic) == "\"Europe/Pari\"")
        #expect(single("establishment {\n  timezone = \"Martinique\"\n}\n")?.help == "did you mean 'America/Martinique'?")
        #expect(RuleTestSupport.compile("establishment {\n  timezone = \"America/Guadeloupe\"\n}\n").diagnostics.isEmpty)
    }

    // MARK: - Services and resources

    @Test func servicesCannotCrossMidnightButMayEndAtIt() {
        let crossing = single("slots {\n  service late {\n    hours = 22:00-02:00\n  }\n}\n")
        #expect(crossing?.message == "a service cannot cross midnight (22:00-02:00)")
        #expect(RuleTestSupport.compile("slots {\n  service late {\n    hours = 19:00-24:00\n  }\n}\n").diagnostics.isEmpty)
    }

    @Test func overlappingServicesOnACommonDayWarn() {
        let text = """
            slots {
              service brunch {
                days = [sat, sun]
                hours = 11:00-13:00
              }
              service lunch {
                days = [fri, sat]
                hours = 12:00-14:30
              }
              service dinner {
                hours = 13:00-23:00
                days = [mon]
              }
            }
            """
        let diagnostic = single(text)
        #expect(diagnostic?.severity == .warning)
        #expect(diagnostic?.message == "services 'brunch' (11:00-13:00) and 'lunch' (12:00-14:30) overlap on sat")
        #expect(underlined(text, diagnostic) == "12:00-14:30")
    }

    @Test func servicesThatOnlyMeetDoNotOverlap() {
        let text = "slots {\n  service a {\n    hours = 12:00-14:00\n  }\n  service b {\n    hours = 14:00-16:00\n  }\n}\n"
        #expect(RuleTestSupport.compile(text).diagnostics.isEmpty)
    }

    @Test func resourceServicesMustExist() {
        let text = "slots {\n  service coupe {\n    hours = 09:00-19:00\n  }\n  resource julie {\n    services = [coupe, coupes]\n  }\n}\n"
        let diagnostic = single(text)
        #expect(diagnostic?.message == "unknown service 'coupes'")
        #expect(diagnostic?.help == "did you mean 'coupe'?")
        #expect(underlined(text, diagnostic) == "coupes")
        // Without service blocks, the default services exist.
        #expect(RuleTestSupport.compile("slots {\n  resource salle {\n    services = [dinner]\n  }\n}\n").diagnostics.isEmpty)
    }

    @Test func closedDatesMustExist() {
        let text = "slots {\n  closed = [2025-02-29]\n}\n"
        let diagnostics = RuleTestSupport.compile(text).diagnostics
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first.map { SourceFile(name: "t", text: text).text(in: $0.range) } == "2025-02-29")
        #expect(RuleTestSupport.compile("slots {\n  closed = [2024-02-29, lun, dim]\n}\n").diagnostics.isEmpty)
    }

    @Test func repeatedWeekdaysWarn() {
        let diagnostic = single("slots {\n  closed = [mon, lun]\n}\n")
        #expect(diagnostic?.severity == .warning)
        #expect(diagnostic?.message == "mon is listed twice")
    }

    // MARK: - CEL

    @Test func celParseErrorsAreReportedForCELSettings() {
        let diagnostics = RuleTestSupport.compile("matching {\n  match = slot.free >=\n}\n").diagnostics
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.severity == .error)
    }

    @Test func matchMustBeABool() {
        let text = "matching {\n  match = entry.party_size\n}\n"
        let diagnostic = single(text)
        #expect(diagnostic?.message.hasPrefix("'match' must be") == true)
        #expect(underlined(text, diagnostic) == "entry.party_size")
    }

    @Test func timeoutMustBeADuration() {
        #expect(single("offers {\n  timeout = entry.party_size\n}\n")?.message.hasPrefix("'timeout' must be") == true)
        let computed = RuleTestSupport.compile("offers {\n  timeout = min(duration('15m'), (slot.start - now) / 4)\n}\n")
        #expect(computed.diagnostics.isEmpty, "\(computed.diagnostics.map(\.message))")
    }

    @Test func celErrorsPointAtTheSubExpression() {
        let text = "priority {\n  boost a {\n    when = entry.vists >= 5\n    by = 30m\n  }\n}\n"
        let diagnostic = single(text)
        #expect(diagnostic?.message == "'Entry' has no field 'vists'")
        #expect(diagnostic?.help == "did you mean 'visits'?")
        #expect(underlined(text, diagnostic) == "vists")
    }

    @Test func checkedTypesReachTheRuleSet() throws {
        let rules = try #require(RuleCompiler.compile(try RuleTestSupport.shipped("bistrot.rules")).ruleSet)
        guard case .computed(let timeout) = rules.offers.timeout, case .expression(let manual)? = rules.priority.boosts.last?.amount else {
            Issue.record("bistrot should have a computed timeout and a computed boost")
            return
        }
        #expect(timeout.type == .duration)
        #expect(manual.type == .duration)
        #expect(rules.priority.boosts.first?.when.type == .bool)
    }

    @Test func orderMustBeSortable() {
        let diagnostic = single("priority {\n  order = entry.slots\n}\n")
        #expect(diagnostic?.message == "the priority order must be a number, a string, a timestamp or a duration, not a list(timestamp)")
    }

    @Test func literalsWhereOnlyCELIsAccepted() {
        #expect(single("matching {\n  match = 15m\n}\n")?.message == "expected a condition that is true or false, not a duration")
        // A bare name is read again as CEL: `now` alone is a timestamp, a valid sort key.
        #expect(RuleTestSupport.compile("priority {\n  order = now\n}\n").diagnostics.isEmpty)
    }

    @Test func boostAmountFollowsTheOrderType() {
        let timestampOrder = single("priority {\n  boost a {\n    when = true\n    by = 10\n  }\n}\n")
        #expect(timestampOrder?.message == "the priority order is a timestamp, so 'by' must be a duration like 30m, not a number")
        let numericOrder = single("priority {\n  order = entry.priority\n  boost a {\n    when = true\n    by = 30m\n  }\n}\n")
        #expect(numericOrder?.message == "the priority order is an int, so 'by' must be a number, not a duration")
        let stringOrder = single("priority {\n  order = entry.last_name\n  boost a {\n    when = true\n    by = 1\n  }\n}\n")
        #expect(stringOrder?.message.hasPrefix("a boost needs a priority order that is a number") == true)
        // The boost may come before `order` in the file.
        let before = "priority {\n  boost a {\n    when = true\n    by = 2\n  }\n  order = entry.priority\n}\n"
        #expect(RuleTestSupport.compile(before).diagnostics.isEmpty)
    }

    // MARK: - Templates

    @Test func unknownPlaceholderInATripleQuotedTemplatePointsAtIt() {
        let text = "sms {\n  offer = \"\"\"\n    Bonjour {{prenon}},\n    {{lien_oui}}\n    \"\"\"\n}\n"
        let diagnostic = single(text)
        #expect(diagnostic?.message == "unknown variable 'prenon' in the 'offer' SMS")
        #expect(diagnostic?.help == "did you mean 'prenom'?")
        #expect(underlined(text, diagnostic) == "prenon")
    }

    @Test func placeholderOfAnotherTemplate() {
        let text = "sms {\n  initial = \"Rejoignez la liste : {{lien_oui}}\"\n}\n"
        let diagnostic = single(text)
        #expect(diagnostic?.message == "'lien_oui' is not available in the 'initial' SMS")
        #expect(diagnostic?.help == "available in this SMS: lien, date, heure, etablissement")
        #expect(underlined(text, diagnostic) == "lien_oui")
    }

    @Test func escapesMakeTheWholeStringTheLocation() {
        let text = "sms {\n  initial = \"Liste :\\n{{lein}}\"\n}\n"
        let diagnostic = single(text)
        #expect(underlined(text, diagnostic) == "\"Liste :\\n{{lein}}\"")
    }

    @Test func mustacheSyntaxErrorsAreMappedIntoTheFile() {
        let text = "sms {\n  expired = \"Trop tard pour le {{date\"\n}\n"
        let diagnostic = single(text)
        #expect(diagnostic?.severity == .error)
        #expect(underlined(text, diagnostic)?.hasPrefix("{{") == true)
    }

    @Test func templatesMustBeOneString() {
        #expect(single("sms {\n  offer = \"a\" + \"b\"\n}\n")?.message == "an SMS template must be one text in quotes, not an expression")
    }

    @Test func sectionsOverAllowedVariablesAreFine() {
        let text = "sms {\n  confirmed = \"Merci{{#prenom}} {{prenom}}{{/prenom}} !\"\n}\n"
        #expect(RuleTestSupport.compile(text).diagnostics.isEmpty)
    }

    // MARK: - Warnings

    @Test func broadcastBeforeWithoutHybrid() {
        let diagnostic = single("offers {\n  broadcast_before = 1h\n}\n")
        #expect(diagnostic?.severity == .warning)
        #expect(diagnostic?.message == "'broadcast_before' has no effect with strategy = sequential")
        #expect(RuleTestSupport.compile("offers {\n  strategy = hybrid\n  broadcast_before = 1h\n}\n").diagnostics.isEmpty)
    }

    @Test func stopBeforeNotShorterThanTheLinkLifetime() {
        let diagnostic = single("offers {\n  stop_before = 2d\n}\n")
        #expect(diagnostic?.severity == .warning)
        #expect(diagnostic?.message == "offers stop 2d before a slot, but the customer's link lives only 2d")
        let fromLink = single("link {\n  lifetime = 20m\n}\n")
        #expect(fromLink?.message == "offers stop 30m before a slot, but the customer's link lives only 20m")
    }

    @Test func expensiveSMSWarnsWithTheCharactersToBlame() {
        let long = String(repeating: "Votre place est confirmée, merci de votre confiance. ", count: 5)
        let diagnostic = single("sms {\n  confirmed = \"\(long)’\"\n}\n")
        #expect(diagnostic?.severity == .warning)
        #expect(diagnostic?.message == "this SMS is 4 segments (UCS-2, forced by ’)")
    }
}
