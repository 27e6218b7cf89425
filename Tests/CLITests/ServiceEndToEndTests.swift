/// The waitlist service end to end: the built `speedai-rules serve` over real HTTP on
/// 127.0.0.1, its SQLite file, its SMS file and the `calendar` command, driven through the
/// product spec's story (trigger → SMS → form → cancellation → offer → Oui/Non/silence),
/// concurrent answers, bad input, restarts and crashes, and the export to a dry-run tape.
import Foundation
import Testing

@Suite(.serialized) struct ServiceEndToEndTests {
    // MARK: a. the whole story, Oui

    /// Scenario a: a customer joins, a second joins the same slot, a table cancels, the first
    /// customer is offered the place, looks at the Oui page (nothing booked), confirms.
    @Test func waitlistToConfirmedBooking() async throws {
        let driver = try WaitlistDriver.started()
        defer { driver.tearDown() }
        try await Self.confirmedBookingStory(driver)
    }

    /// The story of scenario a, also the activity that scenario f exports.
    static func confirmedBookingStory(_ driver: WaitlistDriver) async throws {
        let evening = driver.evening
        let sms = driver.service.sms
        try await driver.fillEvening()
        let first = Customer.number(1), second = Customer.number(2)

        let invitation = try await driver.trigger(first)
        let initial = try await sms.waitFor("initial to \(first.phone)") { $0.template == "initial" && $0.to == first.phone }
        #expect(initial.body == SpecSMS.initial(link: invitation.url))
        #expect(initial.entryID == invitation.entryID)

        let page = try await driver.client.get(invitation.url)
        #expect(page.status == 200)
        #expect(page.text.contains("Liste d’attente – Confirmation"))
        #expect(page.text.contains("Vous avez demandé un rendez-vous le \(evening.frenchDate) à 19h30."))
        let boxes = PageInspector(html: page.text).slotBoxes
        #expect(boxes[evening.formValue("19:30")] == true, "requested slot not pre-checked: \(boxes)")
        #expect(boxes.filter(\.value).count == 1, "only the requested slot is pre-checked: \(boxes)")
        #expect(boxes.count > 1, "alternatives of the same evening are offered: \(boxes)")
        try await driver.join(invitation)

        let secondInvitation = try await driver.trigger(second)
        try await driver.join(secondInvitation)

        let before = try driver.service.bookings(from: evening)
        #expect(try driver.cancel("19:30").contains("full-1930"))
        let offer = try await driver.offer(to: first)
        #expect(offer.entryID == invitation.entryID)
        let yes = try #require(offer.yesLink, "no Oui link in \(offer.body)")
        let no = try #require(offer.noLink, "no Non link in \(offer.body)")
        #expect(yes.hasPrefix("\(driver.service.baseURL)/o/"))
        #expect(String(yes.dropLast(3)) == String(no.dropLast(3)), "Oui and Non point at the same offer")
        #expect(offer.body == SpecSMS.offer(date: evening.frenchDate, time: "19h30", yes: yes, no: no))

        // A GET (what link previewers do) shows one button and books nothing.
        let confirmPage = try await driver.client.get(yes)
        #expect(confirmPage.status == 200)
        #expect(PageInspector(html: confirmPage.text).submitControls == 1, "one button on the Oui page")
        #expect(confirmPage.text.contains("Oui, je confirme ma venue"))
        let afterCancel = try driver.service.bookings(from: evening)
        #expect(afterCancel.count == before.count - 1)
        #expect(!afterCancel.contains { $0.contains("speedai-booking") }, "a GET booked: \(afterCancel)")

        let answered = try await driver.client.postForm(yes, [])
        #expect(answered.status == 303)
        #expect(driver.absolute(answered.header("Location") ?? "") == yes)
        let result = try await driver.client.get(yes)
        #expect(result.status == 200)
        #expect(result.text.contains("C’est confirmé"), "result page: \(result.text)")

        let confirmed = try await sms.waitFor("confirmed to \(first.phone)") { $0.template == "confirmed" && $0.to == first.phone }
        #expect(confirmed.body == SpecSMS.confirmed(date: evening.frenchDate, time: "19h30"))
        let bookings = try driver.service.bookings(from: evening)
        let booked = bookings.filter { WaitlistBookingUID.names($0, entryID: 1) }
        #expect(booked.count == 1 && booked.first?.hasPrefix(evening.slot("19:30")) == true, "bookings: \(bookings)")
        #expect(bookings.count == before.count)

        // Two more polls: nothing else may be sent (the second customer stays waiting).
        try await Task.sleep(nanoseconds: 2_500_000_000)
        let all = try sms.all()
        #expect(all.map(\.template) .sorted() == ["confirmed", "initial", "initial", "offer"], "\(all)")
        #expect(Set(all.map(\.outboxID)).count == all.count)
        #expect(all.filter { $0.to == second.phone }.map(\.template) == ["initial"])
    }

    /// The waitlist page labels the requested slot once ("Créneau demandé").
    @Test func requestedSlotIsLabelledOnce() async throws {
        let driver = try WaitlistDriver.started()
        defer { driver.tearDown() }
        try await driver.bookFull(["19:30"]) // a trigger for a slot with room is refused
        let invitation = try await driver.trigger(Customer.number(1))
        let page = try await driver.client.get(invitation.url)
        #expect(page.status == 200)
        #expect(page.text.components(separatedBy: "Créneau demandé").count - 1 == 1)
    }

    /// A HEAD (link previewers and unfurlers send them) only looks: the waitlist page answers
    /// like its GET, and an offer link neither books nor declines anything.
    @Test func headRequestsChangeNothing() async throws {
        let driver = try WaitlistDriver.started()
        defer { driver.tearDown() }
        let evening = driver.evening
        try await driver.fillEvening()
        let first = Customer.number(1)
        let invitation = try await driver.trigger(first)
        let headPage = try await driver.client.send("HEAD", invitation.url)
        #expect(headPage.status == 200)
        try await driver.join(invitation)
        try await driver.join(try await driver.trigger(Customer.number(2)))
        try driver.cancel("19:30")
        let offer = try await driver.offer(to: first)
        let headYes = try await driver.client.send("HEAD", try #require(offer.yesLink))
        try await Task.sleep(nanoseconds: 2_500_000_000)
        let booked = try driver.service.bookings(from: evening).filter { $0.contains("speedai-booking") }
        let answers = try driver.service.sms.all().filter { ["confirmed", "declined"].contains($0.template) }
        #expect(headYes.status == 200)
        #expect(booked.isEmpty, "a HEAD booked: \(booked)")
        #expect(answers.isEmpty, "a HEAD answered the offer: \(answers)")
    }

    /// Health and metrics answer without a key, and SIGINT stops the server cleanly too.
    @Test func healthMetricsAndInterrupt() async throws {
        let driver = try WaitlistDriver.started()
        defer { driver.tearDown() }
        try await driver.bookFull(["19:30"]) // a trigger for a slot with room is refused
        let health = try await driver.health()
        #expect(health["status"] as? String == "ok")
        #expect(health["businesses"] as? [String] == [TestBistro.id])
        let invitation = try await driver.trigger(Customer.number(1))
        _ = try await driver.client.get(invitation.url)
        let metrics = try await driver.client.get("\(driver.service.baseURL)/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.header("Content-Type")?.hasPrefix("text/plain") == true)
        #expect(metrics.text.contains("# TYPE"), "Prometheus text format: \(metrics.text)")
        #expect(metrics.text.contains("/api/v1/waitlist/trigger"), "requests are counted by route")
        #expect(!metrics.text.contains("612345601"), "no phone number in metrics")
        #expect(!metrics.text.contains(URL(string: invitation.url)!.lastPathComponent), "no link secret in metrics")
        #expect(driver.service.interrupt() == 0, "SIGINT: \(driver.service.lastStandardError)")
    }

    // MARK: b. Non, then silence

    /// Scenario b: the first customer says Non, the second gets the offer and stays silent;
    /// past the 5-minute timeout the silent one is told and the third gets the offer.
    @Test func declineThenTimeoutPassTheOfferOn() async throws {
        let driver = try WaitlistDriver.started()
        defer { driver.tearDown() }
        let evening = driver.evening
        let sms = driver.service.sms
        try await driver.fillEvening()
        let customers = (1...3).map(Customer.number)
        for customer in customers {
            try await driver.join(try await driver.trigger(customer))
        }
        try driver.cancel("19:30")

        let firstOffer = try await driver.offer(to: customers[0])
        let no = try #require(firstOffer.noLink)
        let declinePage = try await driver.client.get(no)
        #expect(declinePage.status == 200)
        #expect(PageInspector(html: declinePage.text).submitControls == 1)
        let forged = try await driver.client.postForm(no, [], headers: ["Origin": "https://evil.example"])
        #expect(forged.status == 403, "an answer posted from another site is refused")
        let answered = try await driver.client.postForm(no, [])
        #expect(answered.status == 303)
        let result = try await driver.client.get(no)
        #expect(result.text.contains("C’est noté"), "result page: \(result.text)")
        let declined = try await sms.waitFor("declined") { $0.template == "declined" && $0.to == customers[0].phone }
        #expect(declined.body == SpecSMS.declined(date: evening.frenchDate, time: "19h30"))

        let secondOffer = try await driver.offer(to: customers[1])
        #expect(try sms.all().filter { $0.template == "offer" }.count == 2)
        try await driver.advanceClock(seconds: 6 * 60)
        let expired = try await sms.waitFor("expired") { $0.template == "expired" && $0.to == customers[1].phone }
        #expect(expired.body == SpecSMS.expired(date: evening.frenchDate, time: "19h30"))
        let thirdOffer = try await driver.offer(to: customers[2])
        #expect(thirdOffer.yesLink != secondOffer.yesLink)

        // The silent customer's links now say it is too late, and act on nothing.
        let late = try #require(secondOffer.yesLink)
        let latePost = try await driver.client.postForm(late, [])
        #expect(latePost.status == 303)
        #expect(try await driver.client.get(late).text.contains("Le délai est dépassé"))
        #expect(!(try driver.service.bookings(from: evening)).contains { $0.contains("speedai-booking") })

        let all = try sms.all()
        #expect(all.filter { $0.template == "offer" }.map(\.to) == customers.map(\.phone))
        #expect(all.filter { $0.template == "expired" }.count == 1)
        #expect(all.filter { $0.template == "declined" }.count == 1)
    }

    // MARK: c. Oui and Non together

    /// Scenario c: Oui and Non posted at the same moment on one offer, several times each: all
    /// are answered with the redirect, exactly one of them counts, the slot is booked at most once.
    @Test func concurrentYesAndNoHaveExactlyOneOutcome() async throws {
        let driver = try WaitlistDriver.started()
        defer { driver.tearDown() }
        let evening = driver.evening
        let sms = driver.service.sms
        try await driver.fillEvening()
        let first = Customer.number(1), second = Customer.number(2)
        try await driver.join(try await driver.trigger(first))
        try await driver.join(try await driver.trigger(second))
        try driver.cancel("19:30")
        let offer = try await driver.offer(to: first)
        let yes = try #require(offer.yesLink), no = try #require(offer.noLink)

        // Three taps on each button at once (double taps included).
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for link in [yes, no, yes, no, yes, no] {
                group.addTask { try await driver.client.postForm(link, []).status }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 303, count: 6), "\(statuses)")

        let outcome = try await sms.waitFor("confirmed or declined") {
            $0.to == first.phone && ($0.template == "confirmed" || $0.template == "declined")
        }
        if outcome.template == "declined" {
            _ = try await driver.offer(to: second)
        }
        try await Task.sleep(nanoseconds: 2_500_000_000)
        let answers = try sms.all().filter { $0.to == first.phone && ["confirmed", "declined"].contains($0.template) }
        #expect(answers.count == 1, "exactly one outcome: \(answers)")
        let booked = try driver.service.bookings(from: evening).filter { $0.contains("speedai-booking") }
        #expect(booked.count == (outcome.template == "confirmed" ? 1 : 0), "bookings: \(booked)")
        // Both pages now tell the same story.
        let yesPage = try await driver.client.get(yes).text, noPage = try await driver.client.get(no).text
        if outcome.template == "confirmed" {
            #expect(yesPage.contains("C’est confirmé"))
            #expect(noPage.contains("Déjà confirmé"))
        } else {
            #expect(noPage.contains("C’est noté"))
            #expect(yesPage.contains("Réponse déjà enregistrée"))
        }
    }

    // MARK: e. restarts

    /// Scenario e: an SMS queued while the outbox is paused is sent exactly once after a
    /// graceful restart; an offer open when the server is killed expires exactly once after
    /// the restart, and the next customer gets the place. No SMS is ever sent twice.
    @Test func restartsNeitherLoseNorRepeatMessages() async throws {
        let driver = try WaitlistDriver.started(extraArguments: ["--test-clock", "--outbox-paused"])
        defer { driver.tearDown() }
        let sms = driver.service.sms
        try await driver.fillEvening()
        let first = Customer.number(1), second = Customer.number(2)
        let invitation = try await driver.trigger(first)
        #expect(try await driver.health()["outbox_pending"] as? Int == 1)
        #expect(driver.service.stop() == 0, "SIGTERM is a graceful stop: \(driver.service.lastStandardError)")
        #expect(try sms.all().isEmpty, "the paused outbox sent something")

        try driver.service.start()
        let initial = try await sms.waitFor("initial after restart") { $0.template == "initial" }
        #expect(initial.body == SpecSMS.initial(link: invitation.url))
        try await driver.join(invitation)
        try await driver.join(try await driver.trigger(second))
        try driver.cancel("19:30")
        let offer = try await driver.offer(to: first)

        driver.service.killHard()
        try driver.service.start()
        // The link minted before the crash still works.
        #expect(try await driver.client.get(try #require(offer.yesLink)).status == 200)
        try await driver.advanceClock(seconds: 6 * 60)
        let expired = try await sms.waitFor("expired after crash") { $0.template == "expired" }
        #expect(expired.to == first.phone)
        _ = try await driver.offer(to: second)
        try await Task.sleep(nanoseconds: 2_500_000_000)

        let all = try sms.all()
        #expect(Set(all.map(\.outboxID)).count == all.count, "an outbox id was written twice: \(all)")
        #expect(Set(all.map { "\($0.to)|\($0.body)" }).count == all.count, "an SMS was sent twice: \(all)")
        #expect(all.filter { $0.template == "initial" }.count == 2)
        #expect(all.filter { $0.template == "expired" }.count == 1)
        #expect(all.filter { $0.template == "offer" }.map(\.to) == [first.phone, second.phone])
        #expect(driver.service.stop() == 0)
    }

    // MARK: f. export to a tape

    /// Scenario f: the activity of scenario a exported as a tape replays with `dry-run`.
    @Test func exportedTapeReplays() async throws {
        let driver = try WaitlistDriver.started()
        defer { driver.tearDown() }
        try await Self.confirmedBookingStory(driver)
        #expect(driver.service.stop() == 0)

        let calendar = TestBistro.parisCalendar
        let today = calendar.startOfDay(for: Date())
        let format = { (date: Date) -> String in
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
        }
        let from = format(calendar.date(byAdding: .day, value: -1, to: today)!)
        let to = format(calendar.date(byAdding: .day, value: 5, to: today)!)
        let tape = driver.service.root.appendingPathComponent("tape")
        let exported = try CLI.run(["export-tape", "--data", driver.service.dataDirectory.path, "--business", TestBistro.id,
                                    "--from", from, "--to", to, tape.path])
        #expect(exported.status == 0, "export-tape: \(exported.stderr)")
        for file in ["calendar.ics", "timeline.jsonl"] {
            #expect(FileManager.default.fileExists(atPath: tape.appendingPathComponent(file).path), "\(file) missing")
        }
        let timeline = (try? String(contentsOf: tape.appendingPathComponent("timeline.jsonl"), encoding: .utf8)) ?? ""
        #expect(!timeline.contains(Customer.number(1).phone), "phone numbers are pseudonymised")
        let replay = try CLI.run(["dry-run", tape.path])
        #expect(replay.status == 0, "dry-run: \(replay.stderr)\n\(replay.stdout)")
        #expect(!replay.stdout.isEmpty)
    }
}
