import Foundation
import Testing
@testable import RuleLang

/// The compiler end to end: an empty file is the documented defaults, shipped files
/// compile to what they say, errors withhold the rule set and warnings do not.
struct RuleCompilerTests {
    /// The defaults exactly as `docs/rules.md` documents them, written out by hand so a
    /// change to the schema's defaults must also change this test.
    static func documentedDefaults(id: String) throws -> RuleSet {
        func expression(_ source: String, _ type: CELType) throws -> CELExpression {
            let (_, parsed) = CELParser.parse(source)
            return CELExpression(expr: try #require(parsed.expr), type: type, source: source)
        }
        func template(_ name: String, _ source: String) throws -> RuleSet.SMSTemplate {
            RuleSet.SMSTemplate(name: name, source: source, template: try MustacheTemplate(source))
        }
        let everyDay: [RuleSet.Weekday] = [.mon, .tue, .wed, .thu, .fri, .sat, .sun]
        return RuleSet(
            establishment: .init(id: id, name: id, timeZone: "Europe/Paris", logoURL: nil, publicURL: "https://app.speedai.io"),
            slots: .init(length: .seconds(30 * 60), capacity: 1, closedWeekdays: [], closedDates: [], services: [
                .init(label: "lunch", name: "lunch", days: everyDay, hours: .init(12, 0, 14, 30), length: .seconds(1800), capacity: 1),
                .init(label: "dinner", name: "dinner", days: everyDay, hours: .init(19, 0, 23, 0), length: .seconds(1800), capacity: 1),
            ], resources: []),
            alternatives: .init(sameService: true, step: .seconds(1800), maxDistance: .seconds(90 * 60), maxCount: 4),
            match: try expression("slot.start in entry.slots", .bool),
            priority: .init(order: try expression("entry.joined_at", .timestamp), boosts: []),
            offers: .init(strategy: .sequential, broadcastBefore: .seconds(2 * 3600), timeout: .fixed(.seconds(15 * 60)),
                          stopBefore: .seconds(30 * 60), maxOffersPerEntry: 3, quietHours: .init(22, 0, 8, 0), hold: false),
            linkLifetime: .seconds(48 * 3600),
            pollInterval: .seconds(120),
            sms: .init(
                initial: try template("initial", "Votre créneau souhaité n’est pas disponible.\nVous pouvez rejoindre la liste d’attente en quelques secondes ici :\n{{lien}}"),
                offer: try template("offer", "Une place s’est libérée pour {{date}} à {{heure}}.\nConfirmez-vous votre venue ?\n\n✅ Oui : {{lien_oui}}\n❌ Non : {{lien_non}}"),
                confirmed: try template("confirmed", "C’est confirmé : votre réservation du {{date}} à {{heure}} chez {{etablissement}} est enregistrée. À bientôt !"),
                declined: try template("declined", "C’est noté, la place du {{date}} à {{heure}} est proposée à la personne suivante. Merci de votre réponse."),
                expired: try template("expired", "Sans réponse de votre part, la place du {{date}} à {{heure}} a été proposée à la personne suivante."),
                offerTaken: try template("offer_taken", "Désolé, la place du {{date}} à {{heure}} vient d’être attribuée. Nous vous recontacterons si une autre place se libère.")),
            smsRetry: .init(attempts: 5, initial: .seconds(10), factor: 2, cap: .seconds(600)),
            calendarRetry: .init(attempts: 5, initial: .seconds(5), factor: 2, cap: .seconds(300)),
            retention: .seconds(180 * 86400))
    }

    @Test func emptyFileCompilesToTheDocumentedDefaults() throws {
        let compilation = RuleTestSupport.compile("", name: "rules/maison.rules")
        #expect(compilation.diagnostics.isEmpty)
        let rules = try #require(compilation.ruleSet)
        let expected = try Self.documentedDefaults(id: "maison")
        #expect(rules.establishment == expected.establishment)
        #expect(rules.slots == expected.slots)
        #expect(rules.alternatives == expected.alternatives)
        #expect(rules.match == expected.match)
        #expect(rules.priority == expected.priority)
        #expect(rules.offers == expected.offers)
        #expect(rules.sms == expected.sms)
        #expect(rules == expected)
    }

    @Test func commentsOnlyFileIsTheDefaults() throws {
        let rules = try #require(RuleTestSupport.compile("# nothing yet\n\n# still nothing\n", name: "maison.rules").ruleSet)
        #expect(rules == (try Self.documentedDefaults(id: "maison")))
    }

    @Test func theReferenceFileSpellsOutTheDefaults() throws {
        let reference = try #require(RuleCompiler.compile(try RuleTestSupport.shipped("default.rules")).ruleSet)
        let empty = try #require(RuleTestSupport.compile("", name: "rules/default.rules").ruleSet)
        #expect(reference == empty)
    }

    @Test func theCanonicalExampleOfTheDesignCompiles() throws {
        let url = RuleTestSupport.repositoryRoot.appendingPathComponent("Tests/RuleLangTests/Golden/check/canonical-example.rules")
        let compilation = RuleCompiler.compile(SourceFile(name: "bistrot.rules", text: try String(contentsOf: url, encoding: .utf8)))
        #expect(compilation.diagnostics.isEmpty, "\(RuleTestSupport.rendered(compilation))")
        let rules = try #require(compilation.ruleSet)
        #expect(rules.offers.strategy == .hybrid)
        #expect(rules.slots.closedWeekdays == [.mon])
        #expect(rules.slots.closedDates == [RuleSet.CalendarDate(year: 2025, month: 12, day: 25)])
        #expect(rules.calendarRetry == RuleSet.RetryPolicy(attempts: 4, initial: .seconds(5), factor: 2, cap: .seconds(300)))
    }

    @Test func bistrotCompilesToWhatItSays() throws {
        let rules = try #require(RuleCompiler.compile(try RuleTestSupport.shipped("bistrot.rules")).ruleSet)
        #expect(rules.establishment.id == "bistrot")
        #expect(rules.establishment.name == "Le Bistrot du Port")
        #expect(rules.establishment.logoURL == "https://cdn.speedai.io/logos/bistrot.png")
        #expect(rules.slots.capacity == 40)
        #expect(rules.slots.services.map(\.label) == ["lunch", "dinner"])
        #expect(rules.slots.service("dinner")?.days == [.tue, .wed, .thu, .fri, .sat])
        #expect(rules.slots.service("lunch")?.hours == RuleSet.TimeRange(12, 0, 14, 30))
        #expect(rules.slots.service("lunch")?.capacity == 40)
        #expect(rules.match.source == "slot.start in entry.slots && entry.party_size <= slot.free")
        #expect(rules.match.type == .bool)
        #expect(rules.priority.boosts.map(\.label) == ["regulars", "manual"])
        #expect(rules.priority.boosts.first?.amount == .duration(.seconds(1800)))
        if case .expression(let amount)? = rules.priority.boosts.last?.amount {
            #expect(amount.source == "duration('10m') * entry.priority")
        } else {
            Issue.record("the manual boost should be an expression")
        }
        #expect(rules.offers.strategy == .hybrid)
        #expect(rules.offers.broadcastBefore == .seconds(7200))
        if case .computed(let timeout) = rules.offers.timeout {
            #expect(timeout.source == "min(duration('15m'), (slot.start - now) / 4)")
        } else {
            Issue.record("the timeout should be computed")
        }
        #expect(rules.offers.stopBefore == .seconds(1200))
        #expect(rules.offers.quietHours == RuleSet.TimeRange(23, 0, 9, 0))
        #expect(rules.pollInterval == .seconds(60))
        #expect(rules.sms.offer.source == RuleTemplateVariables.defaultText(of: "offer"))
        #expect(rules.sms.confirmed.source.hasPrefix("C’est confirmé : votre table"))
        #expect(rules.sms.initial == RuleSetBuilder.defaultTemplate("initial"))
        #expect(rules.calendarRetry.attempts == 4)
    }

    @Test func salonHasThreeStaffWithTheirServices() throws {
        let rules = try #require(RuleCompiler.compile(try RuleTestSupport.shipped("salon-elegance.rules")).ruleSet)
        #expect(rules.slots.resources.map(\.name) == ["Julie", "Marc", "Sofia"])
        #expect(rules.slots.resources.map(\.services) == [["coupe", "couleur", "brushing"], ["coupe", "brushing"], ["couleur", "brushing"]])
        #expect(rules.slots.service("couleur")?.length == .seconds(90 * 60))
        #expect(rules.slots.service("brushing")?.length == .seconds(30 * 60))
        #expect(rules.slots.closedWeekdays == [.mon, .sun])
        #expect(rules.match.source.contains("entry.slots.exists(s,"))
        #expect(rules.offers.hold)
        #expect(rules.retention == .seconds(365 * 86400))
    }

    @Test func medicalPracticeHasShortOffersAndLongLinks() throws {
        let rules = try #require(RuleCompiler.compile(try RuleTestSupport.shipped("cabinet-dupont.rules")).ruleSet)
        #expect(rules.slots.services.map(\.label) == ["matin", "apres_midi"])
        #expect(rules.slots.service("apres_midi")?.name == "Consultations de l’après-midi")
        #expect(rules.slots.closedDates.count == 4)
        #expect(rules.slots.closedWeekdays == [.sat, .sun])
        #expect(rules.offers.timeout == .fixed(.seconds(600)))
        #expect(rules.offers.quietHours == RuleSet.TimeRange(20, 0, 8, 0))
        #expect(rules.linkLifetime == .seconds(7 * 86400))
        #expect(rules.retention == .seconds(30 * 86400))
        #expect(rules.alternatives.sameService == false)
        #expect(rules.smsRetry == RuleSet.RetryPolicy(attempts: 5, initial: .seconds(10), factor: 2, cap: .seconds(600)))
    }

    @Test func errorsWithholdTheRuleSetButWarningsDoNot() {
        let broken = RuleTestSupport.compile("slots {\n  capacity = 0\n}\n")
        #expect(broken.ruleSet == nil)
        #expect(broken.hasErrors)
        let warned = RuleTestSupport.compile("offers {\n  broadcast_before = 1h\n}\n")
        #expect(warned.ruleSet != nil)
        #expect(warned.warnings.count == 1)
        #expect(!warned.hasErrors)
    }

    @Test func diagnosticsAreSortedByPosition() {
        let compilation = RuleTestSupport.compile("offers {\n  hold = 1\n}\nslots {\n  capacity = 0\n  length = 1m\n}\nlink { lifetime = x }\n")
        let starts = compilation.diagnostics.map(\.range.start)
        #expect(starts == starts.sorted())
        #expect(compilation.diagnostics.count == 4)
    }

    @Test func syntaxErrorsDoNotStopTheCheck() {
        let compilation = RuleTestSupport.compile("slots {\n  length = 19:75\n  capacity = 0\n}\n")
        let messages = compilation.diagnostics.map(\.message)
        #expect(messages.count == 2)
        #expect(messages.contains("'capacity' must be at least 1, not 0"))
    }

    @Test func unclosedBlockIsNotCheckedForWhatItSwallowed() {
        let compilation = RuleTestSupport.compile("slots {\n  capacity = 2\n\noffers {\n  timeout = 10m\n}\n")
        #expect(!compilation.diagnostics.contains { $0.message.contains("cannot be inside") })
        #expect(compilation.hasErrors)
    }

    @Test(arguments: [
        ("rules/bistrot.rules", "bistrot"),
        ("Salon Élégance.rules", "salon-elegance"),
        ("/srv/rules/cabinet_dupont.rules", "cabinet_dupont"),
        ("<stdin>", "stdin"),
        ("...", "establishment"),
    ])
    func defaultIDComesFromTheFileName(_ name: String, _ id: String) {
        #expect(RuleCompiler.defaultID(for: SourceFile(name: name, text: "")) == id)
    }

    @Test func explicitNameAndIDWin() throws {
        let rules = try #require(RuleTestSupport.compile("establishment {\n  id = \"chez-leon\"\n}\n", name: "x.rules").ruleSet)
        #expect(rules.establishment.id == "chez-leon")
        #expect(rules.establishment.name == "chez-leon")
    }

    @Test func serviceOverridesAndStepDefaultFollowTheSlots() throws {
        let rules = try #require(RuleTestSupport.compile("""
            slots {
              length = 45m
              capacity = 8
              service soir {
                hours = 19:00-00:00
                capacity = 12
              }
            }
            """).ruleSet)
        let soir = try #require(rules.slots.service("soir"))
        #expect(soir.length == .seconds(45 * 60))
        #expect(soir.capacity == 12)
        #expect(soir.hours == RuleSet.TimeRange(19, 0, 24, 0))
        #expect(soir.name == "soir")
        #expect(rules.alternatives.step == .seconds(45 * 60))
    }

    @Test func bookingLengthDefaultsToTheSlotAndServicesOverrideIt() throws {
        let unset = try #require(RuleTestSupport.compile("slots {\n  service dinner {\n    hours = 19:00-23:00\n    length = 45m\n  }\n}\n").ruleSet)
        #expect(unset.slots.service("dinner")?.bookingLength == .seconds(45 * 60), "one slot of the service by default")
        let defaults = try #require(RuleTestSupport.compile("slots {\n  booking_length = 1h30m\n}\n").ruleSet)
        #expect(defaults.slots.services.map(\.bookingLength) == [.seconds(5400), .seconds(5400)], "the two default services")
        let rules = try #require(RuleTestSupport.compile("""
            slots {
              booking_length = 1h30m
              service lunch {
                hours = 12:00-14:30
                booking_length = 1h
              }
              service dinner {
                hours = 19:00-23:00
              }
            }

            """).ruleSet)
        #expect(rules.slots.service("lunch")?.bookingLength == .seconds(3600))
        #expect(rules.slots.service("dinner")?.bookingLength == .seconds(5400))
        #expect(rules.slots.service("dinner")?.length == .seconds(1800))
    }

    @Test func bookingLengthShorterThanItsSlotIsAnError() {
        #expect(RuleTestSupport.messages("slots {\n  length = 1h\n  booking_length = 30m\n}\n")
                == ["booking_length 30m is shorter than the slot length 1h"])
        #expect(RuleTestSupport.messages("slots {\n  booking_length = 30m\n}\n").isEmpty, "one slot exactly is fine")
        #expect(RuleTestSupport.messages("slots {\n  booking_length = 4m\n}\n").count == 1, "below 5m")
    }

    @Test func quietHoursCanBeTurnedOff() throws {
        let rules = try #require(RuleTestSupport.compile("offers {\n  quiet_hours = none\n}\n").ruleSet)
        #expect(rules.offers.quietHours == nil)
    }

    @Test func resourcesDefaultToEveryService() throws {
        let rules = try #require(RuleTestSupport.compile("slots {\n  resource salle {\n    name = \"Grande salle\"\n  }\n}\n").ruleSet)
        #expect(rules.slots.resources == [RuleSet.Resource(label: "salle", name: "Grande salle", services: ["lunch", "dinner"],
                                                           days: RuleSet.Weekday.allCases)])
    }

    @Test func retryDelaysGrowUpToTheCap() {
        let policy = RuleSet.RetryPolicy(attempts: 5, initial: .seconds(10), factor: 2, cap: .seconds(600))
        #expect((0..<8).map { policy.delay(beforeRetry: $0) } ==
                [.seconds(10), .seconds(20), .seconds(40), .seconds(80), .seconds(160), .seconds(320), .seconds(600), .seconds(600)])
    }
}
