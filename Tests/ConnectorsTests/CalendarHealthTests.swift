/// Calendar health on the service with a manual clock: one failed read is tolerated, a copy
/// older than twice the polling interval is never answered or offered from, and a good read
/// resumes everything (the engine learns both through logged events, so a replay agrees).
import Foundation
import Runtime
import Synchronization
import Testing
@testable import Connectors

/// The local calendar, or a failure when told to (a refused password).
final class SwitchableCalendar: CalendarGateway {
    let inner: LocalCalendar
    let failing = Mutex(false)
    init(_ inner: LocalCalendar) { self.inner = inner }
    var provider: String { "local" }
    func read(business: String, from: Instant, state: String?) throws(CalendarError) -> CalendarSnapshot {
        if failing.withLock({ $0 }) { throw CalendarError("CalDAV PROPFIND answered 401 (check the CalDAV username and password or token)") }
        return try inner.read(business: business, from: from, state: state)
    }
    func apply(_ operation: CalendarOperation) -> DeliveryResult { inner.apply(operation) }
    func storeChanges(for operation: CalendarOperation, in store: any WaitlistStore) -> [LocalCalendarChange]? {
        inner.storeChanges(for: operation, in: store)
    }
}

@Suite("Calendar health")
struct CalendarHealthTests {
    /// A fixture on a calendar the test can break, with the evening full.
    func fixture() throws -> (ServiceFixture, SwitchableCalendar) {
        let fixture = try ServiceFixture()
        let calendar = SwitchableCalendar(LocalCalendar(store: fixture.store))
        fixture.service.useConnectors(BusinessConnectors(calendar: calendar, sms: fixture.sms), settings: .embedded, for: "testbistro")
        try fixture.fillEvening()
        return (fixture, calendar)
    }

    func join(_ fixture: ServiceFixture, phone: String, name: String) throws {
        let response = fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody(phone: phone)))
        let url = try #require(ServiceFixture.json(response)["url"] as? String, "\(String(decoding: response.body, as: UTF8.self))")
        let secret = ServiceFixture.secret(of: url)
        let posted = fixture.service.handleWaitlistPage(ServiceFixture.form("/waitlist/\(secret)", [
            ("prenom", name), ("nom", "Test"), ("telephone", phone), ("email", "\(name.lowercased())@example.fr"),
            ("couverts", "1"), ("creneaux", "2030-03-14T19:30"),
        ]), secret: secret)
        #expect(posted.status == 303)
    }

    func availability(_ fixture: ServiceFixture) -> HTTPResponse {
        fixture.service.handleAvailability(HTTPRequest(method: "GET", path: "/api/v1/availability",
                                                       query: [("business_id", "testbistro"), ("around", "2030-03-14T19:30:00")],
                                                       headers: [("authorization", "Bearer test-key")], body: []))
    }

    func offers(_ fixture: ServiceFixture) -> [OutboundSMS] {
        fixture.service.dispatchOutbox()
        return fixture.sms.messages.filter { $0.template == "offer" }
    }

    @Test("one failed read is tolerated; past twice poll_every no offer, no availability, no slot_available; a good read resumes")
    func staleCopyHoldsOffers() throws {
        let (fixture, calendar) = try fixture()
        try join(fixture, phone: "06 12 34 56 01", name: "Camille")
        try join(fixture, phone: "06 12 34 56 02", name: "Hugo")
        // A 19:30 table cancels: Camille, first in line, gets the offer.
        var batch = StoreBatch()
        batch.calendarChanges = [.delete(business: "testbistro", uid: "b-1-0")]
        try fixture.store.commit(batch)
        fixture.service.pollCalendars(force: true)
        #expect(offers(fixture).map(\.to) == ["+33612345601"])

        // The password is refused: unavailable at once, but the copy is one minute old.
        calendar.failing.withLock { $0 = true }
        fixture.clock.advance(60)
        fixture.service.pollCalendars(force: true)
        let health = try #require(fixture.service.calendarHealth("testbistro"))
        #expect(health.unavailable && !health.stale)
        #expect(ServiceFixture.json(fixture.service.handleHealth())["status"] as? String == "degraded")
        #expect(availability(fixture).status == 200, "a copy younger than 2 × poll_every still answers")

        // Past twice the polling interval (2 min) since the last good read: stale.
        fixture.clock.advance(190)
        fixture.service.pollCalendars(force: true)
        #expect(fixture.service.calendarHealth("testbistro")?.stale == true)
        #expect(fixture.service.runtime("testbistro")?.state.withLock { $0.engine.state.calendarStale } == true)
        let refused = availability(fixture)
        #expect(refused.status == 503)
        #expect(String(decoding: refused.body, as: UTF8.self).contains("calendar_unavailable"))
        // 19:30 has a free place on the old copy, but a trigger joins the list: it may be booked by now.
        #expect(fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody(phone: "06 12 34 56 03"))).status == 201)
        // Camille says Non: Hugo would be next, but not on a stale copy.
        let offer = try #require(offers(fixture).first)
        let non = try #require(offer.body.split(separator: "\n").first { $0.contains("/non") }.flatMap { $0.split(separator: " ").last })
        let secret = String(non.split(separator: "/").dropLast().last ?? "")
        #expect(fixture.service.handleOfferPage(ServiceFixture.form("/o/\(secret)/non", []), secret: secret, answer: "non").status == 303)
        #expect(offers(fixture).count == 1, "no offer on a stale copy")

        // The calendar answers again: the place is still free, Hugo gets it.
        calendar.failing.withLock { $0 = false }
        fixture.clock.advance(10)
        fixture.service.pollCalendars(force: true)
        #expect(fixture.service.calendarHealth("testbistro")?.unavailable == false)
        #expect(fixture.service.runtime("testbistro")?.state.withLock { $0.engine.state.calendarStale } != true)
        #expect(offers(fixture).map(\.to) == ["+33612345601", "+33612345602"])
        #expect(ServiceFixture.json(fixture.service.handleHealth())["status"] as? String == "ok")
        let journal = fixture.service.runtime("testbistro")?.state.withLock { $0.engine.state.journal.compactMap(\.code) } ?? []
        #expect(journal.contains(.calendarStale) && journal.contains(.calendarReadAgain))
    }

    @Test("a restart replays the held offers the same way")
    func replayAgrees() throws {
        let (fixture, calendar) = try fixture()
        try join(fixture, phone: "06 12 34 56 01", name: "Camille")
        calendar.failing.withLock { $0 = true }
        fixture.clock.advance(300)
        fixture.service.pollCalendars(force: true)
        let before = fixture.service.runtime("testbistro")?.state.withLock { $0.engine.state }
        #expect(before?.calendarStale == true)
        // A second service over the same database replays the log (no snapshot was written).
        let again = try ServiceFixture(folder: fixture.folder, clock: fixture.clock)
        #expect(again.service.runtime("testbistro")?.state.withLock { $0.engine.state } == before)
        // An exported tape carries it too, so a dry-run holds offers where production did.
        let tape = fixture.folder + "/tape"
        _ = try TapeExporter(store: fixture.store, business: "testbistro").export(from: "2030-03-01", to: "2030-04-01", into: tape)
        let timeline = try String(contentsOfFile: tape + "/timeline.jsonl", encoding: .utf8)
        #expect(timeline.contains("\"event\":\"calendar_health\"") && timeline.contains("\"stale\":true"), "\(timeline)")
    }

    @Test("a trigger for a slot with room: 409 slot_available, no SMS, nothing stored")
    func triggerForFreeSlot() throws {
        let fixture = try ServiceFixture()
        let response = fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody()))
        #expect(response.status == 409)
        let body = ServiceFixture.json(response)
        #expect((body["error"] as? [String: Any])?["code"] as? String == "slot_available")
        #expect(body["free"] as? Int == 2)
        #expect((body["alternatives"] as? [Any])?.isEmpty == false)
        #expect(fixture.service.runtime("testbistro")?.state.withLock { $0.engine.state.entries.isEmpty } == true)
        #expect(fixture.service.dispatchOutbox() == 0)
    }
}
