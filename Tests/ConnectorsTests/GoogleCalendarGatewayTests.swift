/// The Google Calendar connector against the emulator over real HTTP: full and incremental
/// sync, which events make the establishment busy, OAuth refresh and revocation, idempotent
/// writes, the capacity re-check, back-off answers, push channels and the resumable state.
import Foundation
import Runtime
import Testing
@testable import Connectors
import ProviderEmulators

@Suite("Google Calendar gateway", .serialized)
struct GoogleCalendarGatewayTests {
    // MARK: - Sync

    @Test("a first read lists every page (3 pages of 250) and keeps the last page's sync token")
    func fullSyncThreePages() throws {
        let fixture = try GoogleFixture()
        for index in 0..<520 {
            fixture.emulator.externalInsert(GoogleFixture.external(start: GoogleFixture.evening + .seconds(Int64(index) * 3600), minutes: 30))
        }
        let snapshot = try fixture.read(fixture.gateway())
        #expect(snapshot.busy.count == 520)
        #expect(snapshot.busy.map(\.start) == snapshot.busy.map(\.start).sorted())
        #expect(snapshot.cursor == CalendarSnapshot.cursor(of: snapshot.busy))
        let lists = fixture.listRequests
        #expect(lists.count == 3)
        #expect(lists.allSatisfy { $0.contains("singleEvents=true") && $0.contains("maxResults=250") && !$0.contains("syncToken") })
        #expect(lists.dropFirst().allSatisfy { $0.contains("pageToken=") })
        #expect(GoogleSyncState.decode(snapshot.state).syncToken != nil)
    }

    @Test("later reads are incremental: another client's cancel and insert arrive, nothing else is listed")
    func incrementalAfterExternalCancel() throws {
        let fixture = try GoogleFixture()
        let gateway = fixture.gateway()
        let first = fixture.emulator.externalInsert(GoogleFixture.external(party: 4))
        fixture.emulator.externalInsert(GoogleFixture.external(start: GoogleFixture.evening + .seconds(7200)))
        let before = try fixture.read(gateway)
        #expect(before.busy.count == 2)
        #expect(before.busy.first?.units == 4)

        fixture.emulator.externalCancel(eventID: first)
        let added = fixture.emulator.externalInsert(GoogleFixture.external(start: GoogleFixture.evening + .seconds(3600), resource: "salle"))
        let after = try fixture.read(gateway, state: before.state)
        #expect(after.busy.map(\.id).contains(first) == false)
        #expect(after.busy.map(\.id).contains(added))
        #expect(after.busy.first { $0.id == added }?.resource == "salle")
        #expect(after.cursor != before.cursor)
        #expect(fixture.listRequests.last?.contains("syncToken=") == true)

        // Nothing changed: same busy list, same cursor.
        let again = try fixture.read(gateway, state: after.state)
        #expect(again.cursor == after.cursor)
    }

    @Test("an expired sync token (410 GONE) drops the state and syncs in full")
    func goneResync() throws {
        let fixture = try GoogleFixture()
        let gateway = fixture.gateway()
        let cancelled = fixture.emulator.externalInsert(GoogleFixture.external())
        let first = try fixture.read(gateway)
        fixture.emulator.expireSyncTokens()
        fixture.emulator.externalCancel(eventID: cancelled)
        let kept = fixture.emulator.externalInsert(GoogleFixture.external(start: GoogleFixture.evening + .seconds(3600)))
        let second = try fixture.read(gateway, state: first.state)
        #expect(second.busy.map(\.id) == [kept])
        let lists = fixture.listRequests
        #expect(lists.count == 3)
        #expect(lists[1].contains("syncToken="))
        #expect(!lists[2].contains("syncToken="))
        // The new token works.
        _ = try fixture.read(gateway, state: second.state)
        #expect(fixture.listRequests.last?.contains("syncToken=") == true)
    }

    @Test("all-day, transparent and cancelled events are not busy; floating times use the event's or calendar's zone; no end lasts 30 minutes")
    func eventKinds() throws {
        let fixture = try GoogleFixture()
        let emulator = fixture.emulator
        emulator.externalInsert(GoogleEmulatorEvent(id: "allday1", start: .init(date: "2025-01-20"), end: .init(date: "2025-01-21")))
        var transparent = GoogleFixture.external(id: "transp1")
        transparent.transparency = "transparent"
        emulator.externalInsert(transparent)
        emulator.externalInsert(GoogleEmulatorEvent(id: "floatny1", start: .init(dateTime: "2025-01-20T13:00:00", timeZone: "America/New_York"),
                                                    end: .init(dateTime: "2025-01-20T14:00:00", timeZone: "America/New_York")))
        emulator.externalInsert(GoogleEmulatorEvent(id: "floatcal1", start: .init(dateTime: "2025-01-20T19:00:00"),
                                                    end: .init(dateTime: "2025-01-20T20:30:00")))
        emulator.externalInsert(GoogleEmulatorEvent(id: "noend1", start: .init(dateTime: "2025-01-20T21:00:00+01:00"), end: nil))
        var tentative = GoogleFixture.external(id: "tentat1", start: GoogleFixture.evening + .seconds(86_400))
        tentative.status = "tentative"
        emulator.externalInsert(tentative)
        let busy = Dictionary(uniqueKeysWithValues: try fixture.read(fixture.gateway()).busy.map { ($0.id, $0) })
        #expect(Set(busy.keys) == ["floatny1", "floatcal1", "noend1", "tentat1"])
        // 13:00 in New York (UTC-5) is 18:00 UTC.
        #expect(busy["floatny1"]?.start == GoogleFixture.evening)
        #expect(busy["floatny1"]?.end == GoogleFixture.evening + .seconds(3600))
        // 19:00 in Paris (the calendar's zone, UTC+1) is 18:00 UTC.
        #expect(busy["floatcal1"]?.start == GoogleFixture.evening)
        #expect(busy["floatcal1"]?.end == GoogleFixture.evening + .seconds(5400))
        #expect(busy["noend1"]?.start == GoogleFixture.evening + .seconds(7200))
        #expect(busy["noend1"]?.end == GoogleFixture.evening + .seconds(9000))
        #expect(busy["noend1"]?.units == 1)
        #expect(busy["noend1"]?.resource == "")
    }

    @Test("a booking whose guest declined frees its slot; an accepted guest keeps it busy")
    func declinedGuest() throws {
        let fixture = try GoogleFixture()
        let gateway = fixture.gateway()
        var event = GoogleFixture.external(id: "guest1")
        event.attendees = [GoogleEmulatorAttendee(email: "front@bistro.fr", organizer: true, responseStatus: "accepted"),
                           GoogleEmulatorAttendee(email: "client@example.com", responseStatus: "needsAction")]
        fixture.emulator.externalInsert(event)
        let first = try fixture.read(gateway)
        #expect(first.busy.map(\.id) == ["guest1"])

        fixture.emulator.externalUpdate(eventID: "guest1") { $0.attendees[1].responseStatus = "declined" }
        let declined = try fixture.read(gateway, state: first.state)
        #expect(declined.busy.isEmpty)

        fixture.emulator.externalUpdate(eventID: "guest1") {
            $0.attendees.append(GoogleEmulatorAttendee(email: "friend@example.com", responseStatus: "accepted"))
        }
        let accepted = try fixture.read(gateway, state: declined.state)
        #expect(accepted.busy.map(\.id) == ["guest1"])
    }

    // MARK: - OAuth

    @Test("access tokens are reused, refreshed before expiry and after a 401; a revoked grant asks to reconnect")
    func oauth() throws {
        let fixture = try GoogleFixture()
        let gateway = fixture.gateway()
        let first = try fixture.read(gateway)
        _ = try fixture.read(gateway, state: first.state)
        #expect(fixture.emulator.tokenRequestCount == 1)

        // 3599 s tokens are refreshed 60 s early.
        fixture.clock.advance(3540)
        _ = try fixture.read(gateway, state: first.state)
        #expect(fixture.emulator.tokenRequestCount == 2)

        // Google forgot the token: 401, one refresh, the call is retried.
        fixture.emulator.expireAccessTokens()
        let afterRefresh = try fixture.read(gateway, state: first.state)
        #expect(fixture.emulator.tokenRequestCount == 3)
        #expect(afterRefresh.busy.isEmpty)

        fixture.emulator.revoke(refreshToken: "1//emulator-refresh-token")
        #expect {
            try fixture.read(gateway, state: first.state)
        } throws: { error in
            let message = (error as? CalendarError)?.message ?? ""
            return message.hasPrefix("reconnect calendar:") && message.contains("revoked")
        }
        guard case .retry(let reason) = gateway.apply(GoogleFixture.operation(1)) else {
            Issue.record("a write with a revoked grant must be retried later")
            return
        }
        #expect(reason.hasPrefix("reconnect calendar:"))
    }

    // MARK: - Writes

    @Test("a booking is inserted with an id from its uid; a retry after a lost answer does not duplicate it")
    func insertIdempotent() throws {
        let fixture = try GoogleFixture()
        let gateway = fixture.gateway(timeout: 0.5)
        let operation = GoogleFixture.operation(7, units: 3, resource: "terrasse", capacity: 1_000)
        let eventID = GoogleEventID.from(uid: "speedai-booking-7")

        // The outbox sends it again (its answer was lost): same event, re-check ignores it.
        #expect(gateway.apply(operation) == .delivered(reference: eventID))
        #expect(gateway.apply(operation) == .delivered(reference: eventID))

        // The answer is lost for real: the client times out while Google inserts.
        let second = GoogleFixture.operation(8)
        fixture.emulator.enqueueFailures([.slow(seconds: 1.5)])
        guard case .retry = gateway.apply(second) else {
            Issue.record("a timed-out insert must be retried")
            return
        }
        #expect(gateway.apply(second) == .delivered(reference: GoogleEventID.from(uid: "speedai-booking-8")))

        let events = fixture.emulator.events
        #expect(events.count == 2)
        let stored = try #require(events.first { $0.id == eventID })
        #expect(stored.status == "confirmed")
        #expect(stored.privateProperties == ["speedai": "1", "speedaiUID": "speedai-booking-7", "speedaiParty": "3", "speedaiResource": "terrasse"])
        #expect(stored.start.dateTime == "2025-01-20T18:00:00Z")
        // The calendar reports it under our uid.
        let busy = try fixture.read(gateway).busy
        #expect(busy.map(\.id) == ["speedai-booking-7", "speedai-booking-8"])
        #expect(busy.first?.units == 3)
        #expect(busy.first?.resource == "terrasse")
    }

    @Test("a hold is tentative; an upsert moves an existing event; deletes are idempotent")
    func holdsMovesDeletes() throws {
        let fixture = try GoogleFixture()
        let gateway = fixture.gateway()
        let hold = GoogleFixture.operation(3, hold: true, capacity: 1)
        #expect(gateway.apply(hold) == .delivered(reference: GoogleEventID.from(uid: "speedai-hold-3")))
        #expect(fixture.emulator.events.first?.status == "tentative")

        let moved = GoogleFixture.operation(3, hold: true, start: GoogleFixture.evening + .seconds(1800))
        #expect(gateway.apply(moved) == .delivered(reference: GoogleEventID.from(uid: "speedai-hold-3")))
        #expect(fixture.emulator.events.count == 1)
        #expect(fixture.emulator.events.first?.start.dateTime == "2025-01-20T18:30:00Z")

        let delete = GoogleFixture.operation(3, hold: true, action: .delete)
        #expect(gateway.apply(delete) == .delivered(reference: GoogleEventID.from(uid: "speedai-hold-3")))
        #expect(fixture.emulator.events.first?.status == "cancelled")
        #expect(gateway.apply(delete) == .delivered(reference: nil))
        #expect(gateway.apply(GoogleFixture.operation(99, action: .delete)) == .delivered(reference: nil))

        // A deleted uid can be booked again (the id stays taken at Google: 409, then update).
        #expect(gateway.apply(GoogleFixture.operation(3, hold: true)) == .delivered(reference: GoogleEventID.from(uid: "speedai-hold-3")))
        #expect(fixture.emulator.events.first?.status == "tentative")
    }

    @Test("the capacity re-check refuses the last place taken by another client, and counts only what the engine counts")
    func capacityRecheck() throws {
        let fixture = try GoogleFixture()
        let gateway = fixture.gateway()
        let emulator = fixture.emulator
        // Another client took 3 of 4 places; a hold of our own and a transparent or
        // other-resource event do not count.
        emulator.externalInsert(GoogleFixture.external(party: 2, resource: "salle"))
        emulator.externalInsert(GoogleFixture.external(start: GoogleFixture.evening + .seconds(1800), party: 1))
        emulator.externalInsert(GoogleFixture.external(party: 5, resource: "terrasse"))
        var transparent = GoogleFixture.external(party: 4)
        transparent.transparency = "transparent"
        emulator.externalInsert(transparent)
        emulator.externalInsert(GoogleFixture.external(start: GoogleFixture.evening + .seconds(5400), party: 9))
        #expect(gateway.apply(GoogleFixture.operation(1, hold: true, units: 2, resource: "salle"))
                == .delivered(reference: GoogleEventID.from(uid: "speedai-hold-1")))

        let tooBig = GoogleFixture.operation(1, units: 2, resource: "salle", capacity: 4)
        guard case .slotTaken(let reason) = gateway.apply(tooBig) else {
            Issue.record("the booking must be refused")
            return
        }
        #expect(reason.hasPrefix("slot no longer free: 3 of 4 places"))
        #expect(!emulator.events.contains { $0.id == GoogleEventID.from(uid: "speedai-booking-1") })

        let fits = GoogleFixture.operation(1, units: 1, resource: "salle", capacity: 4)
        #expect(gateway.apply(fits) == .delivered(reference: GoogleEventID.from(uid: "speedai-booking-1")))
        // Its own retry does not count itself.
        #expect(gateway.apply(fits) == .delivered(reference: GoogleEventID.from(uid: "speedai-booking-1")))

        // Single-place slots: freeBusy first, then the listing when busy.
        let later = GoogleFixture.evening + .seconds(86_400)
        #expect(gateway.apply(GoogleFixture.operation(2, start: later, units: 1, capacity: 1)) == .delivered(reference: GoogleEventID.from(uid: "speedai-booking-2")))
        #expect(gateway.apply(GoogleFixture.operation(2, start: later, units: 1, capacity: 1)) == .delivered(reference: GoogleEventID.from(uid: "speedai-booking-2")))
        guard case .slotTaken(let single) = gateway.apply(GoogleFixture.operation(5, start: later, units: 1, capacity: 1)) else {
            Issue.record("the single place is taken")
            return
        }
        #expect(single.hasPrefix("slot no longer free: 1 of 1 places"))
        #expect(emulator.requests.contains { $0.hasPrefix("POST /calendar/v3/freeBusy") })
    }

    @Test("a long booking's re-check counts places at each instant: tables booked one after the other share a place")
    func recheckCountsAtEachInstant() throws {
        let fixture = try GoogleFixture()
        let gateway = fixture.gateway()
        // One table 19:00-20:00, then the same table again 20:00-21:30: one place at any time.
        fixture.emulator.externalInsert(GoogleFixture.external(minutes: 60, party: 1))
        fixture.emulator.externalInsert(GoogleFixture.external(start: GoogleFixture.evening + .seconds(3600), party: 1))
        #expect(gateway.apply(GoogleFixture.operation(1, units: 1, capacity: 2)) ==
                .delivered(reference: GoogleEventID.from(uid: "speedai-booking-1")))
        guard case .slotTaken(let full) = gateway.apply(GoogleFixture.operation(2, units: 1, capacity: 2)) else {
            Issue.record("both places are taken from 19:00 to 20:30")
            return
        }
        #expect(full.hasPrefix("slot no longer free: 2 of 2 places"))
    }

    @Test("429, rate-limit 403 and 5xx are retried; other 4xx are permanent; reads report them; garbage is a clear error")
    func backoff() throws {
        let fixture = try GoogleFixture()
        let gateway = fixture.gateway()
        for failure in [GoogleEmulatorFailure.status(429), .status(403, reason: "rateLimitExceeded"),
                        .status(403, reason: "userRateLimitExceeded"), .status(500), .status(503), .htmlPage] {
            fixture.emulator.enqueueFailures([failure])
            guard case .retry(let reason) = gateway.apply(GoogleFixture.operation(1)) else {
                Issue.record("\(failure) must be retried")
                continue
            }
            #expect(reason.contains("Google Calendar answered"))
        }
        #expect(fixture.emulator.events.isEmpty)
        fixture.emulator.enqueueFailures([.status(403, reason: "forbidden")])
        guard case .permanent(let forbidden) = gateway.apply(GoogleFixture.operation(1)) else {
            Issue.record("403 forbidden is permanent")
            return
        }
        #expect(forbidden.contains("403 (forbidden)"))

        for (failure, words) in [(GoogleEmulatorFailure.status(429), "429 (rateLimitExceeded)"), (.status(500), "500 (backendError)"),
                                 (.garbage, "cannot be read"), (.htmlPage, "502 Bad Gateway")] {
            fixture.emulator.enqueueFailures([failure])
            #expect {
                try fixture.read(gateway)
            } throws: { error in
                (error as? CalendarError)?.message.contains(words) == true
            }
        }
        // The next read works.
        #expect(try fixture.read(gateway).busy.isEmpty)
    }

    // MARK: - Push

    @Test("a push channel is opened; sync then exists reach the webhook and verify; forged ones are rejected")
    func pushChannel() throws {
        let fixture = try GoogleFixture()
        let receiver = try GooglePushReceiver()
        let gateway = fixture.gateway(pushAddress: receiver.address)
        let snapshot = try fixture.read(gateway)
        let channel = try #require(GoogleCalendarGateway.channel(inState: snapshot.state))
        #expect(fixture.emulator.channels.map(\.id) == [channel.id])
        #expect(channel.expiration == GoogleFixture.morning + .seconds(7 * 86_400))

        fixture.emulator.externalInsert(GoogleFixture.external())
        fixture.emulator.waitForPushes()
        let requests = receiver.requests
        #expect(requests.count == 2)
        #expect(requests.map { $0.header("x-goog-resource-state") } == ["sync", "exists"])
        #expect(requests.map { $0.header("x-goog-message-number") } == ["1", "2"])
        #expect(requests.allSatisfy { $0.method == "POST" && $0.body.isEmpty && $0.path == "/webhooks/google" })
        #expect(requests.first?.header("x-goog-resource-uri")?.hasSuffix("/events?alt=json") == true)
        #expect(requests.first?.header("x-goog-channel-expiration")?.hasSuffix("GMT") == true)
        #expect(GoogleCalendarGateway.verifyPush(headers: requests[0].headers, channel: channel) == .sync)
        #expect(GoogleCalendarGateway.verifyPush(headers: requests[1].headers, channel: channel) == .changed)

        let forged = requests[1].headers.map { $0.name == "x-goog-channel-token" ? (name: $0.name, value: "guess") : $0 }
        guard case .reject = GoogleCalendarGateway.verifyPush(headers: forged, channel: channel) else {
            Issue.record("a forged token must be rejected")
            return
        }
        let otherChannel = requests[1].headers.map { $0.name == "x-goog-channel-id" ? (name: $0.name, value: "other") : $0 }
        #expect(GoogleCalendarGateway.verifyPush(headers: otherChannel, channel: channel) != .changed)
        let noToken = requests[1].headers.filter { $0.name != "x-goog-channel-token" }
        #expect(GoogleCalendarGateway.verifyPush(headers: noToken, channel: channel) != .changed)

        // The next read keeps the channel.
        let again = try fixture.read(gateway, state: snapshot.state)
        #expect(GoogleCalendarGateway.channel(inState: again.state) == channel)
        #expect(fixture.emulator.channels.count == 1)
    }

    @Test("a channel is renewed within an hour of expiry: the new one opens, then the old one stops")
    func channelRenewal() throws {
        let fixture = try GoogleFixture()
        let receiver = try GooglePushReceiver()
        let gateway = fixture.gateway(pushAddress: receiver.address, channelLifetime: 7200)
        let first = try fixture.read(gateway)
        let old = try #require(GoogleCalendarGateway.channel(inState: first.state))

        fixture.clock.advance(3000)
        let kept = try fixture.read(gateway, state: first.state)
        #expect(GoogleCalendarGateway.channel(inState: kept.state) == old)

        fixture.clock.advance(1000)
        let renewed = try fixture.read(gateway, state: kept.state)
        let new = try #require(GoogleCalendarGateway.channel(inState: renewed.state))
        #expect(new.id != old.id)
        #expect(new.token != old.token)
        #expect(fixture.emulator.channels.map(\.id) == [new.id])
        let requests = fixture.emulator.requests
        let watchIndex = try #require(requests.lastIndex { $0.hasSuffix("/events/watch") })
        let stopIndex = try #require(requests.lastIndex { $0.hasPrefix("POST /calendar/v3/channels/stop") })
        #expect(watchIndex < stopIndex)

        // Push turned off: the channel is stopped and forgotten.
        let polling = try fixture.read(fixture.gateway(), state: renewed.state)
        #expect(GoogleCalendarGateway.channel(inState: polling.state) == nil)
        #expect(fixture.emulator.channels.isEmpty)
    }

    // MARK: - State

    @Test("the state survives a round trip: a new gateway continues the incremental sync from it")
    func stateRoundTrip() throws {
        let fixture = try GoogleFixture()
        fixture.emulator.externalInsert(GoogleFixture.external(id: "keep1", party: 3))
        let gone = fixture.emulator.externalInsert(GoogleFixture.external(start: GoogleFixture.evening + .seconds(3600)))
        let first = try fixture.read(fixture.gateway())
        let stored = try #require(first.state)

        fixture.emulator.externalCancel(eventID: gone)
        let restarted = fixture.gateway()
        let resumed = try fixture.read(restarted, state: stored)
        #expect(resumed.busy.map(\.id) == ["keep1"])
        #expect(resumed.busy.first?.units == 3)
        #expect(fixture.listRequests.count == 2)
        #expect(fixture.listRequests.last?.contains("syncToken=") == true)

        // Equal states give equal text; unreadable state starts over.
        #expect(try fixture.read(restarted, state: resumed.state).state == resumed.state)
        let fresh = try fixture.read(restarted, state: "{not json")
        #expect(fresh.busy == resumed.busy)
        #expect(fixture.listRequests.last?.contains("syncToken=") == false)
    }

    @Test("the full sync starts at the read window; events that ended before it are forgotten")
    func pruning() throws {
        let fixture = try GoogleFixture()
        let gateway = fixture.gateway()
        fixture.emulator.externalInsert(GoogleFixture.external(id: "past1", start: GoogleFixture.morning - .seconds(86_400)))
        fixture.emulator.externalInsert(GoogleFixture.external(id: "next1"))
        fixture.emulator.externalInsert(GoogleFixture.external(id: "late1", start: GoogleFixture.evening + .seconds(7200)))
        let snapshot = try fixture.read(gateway)
        #expect(snapshot.busy.map(\.id) == ["next1", "late1"])
        #expect(fixture.listRequests.first?.contains("timeMin=2025-01-20T08:00:00Z") == true)
        #expect(GoogleSyncState.decode(snapshot.state).events.count == 2)

        // Two hours later `next1` is over: it leaves the busy list and the state.
        let later = try gateway.read(business: "bistro", from: GoogleFixture.evening + .seconds(7200), state: snapshot.state)
        #expect(later.busy.map(\.id) == ["late1"])
        #expect(GoogleSyncState.decode(later.state).events.count == 1)
    }

    @Test("event ids are base32hex, valid for events.insert, and distinct per uid")
    func eventIDs() {
        let ids = ["speedai-booking-1", "speedai-booking-10", "speedai-hold-1", "a"].map(GoogleEventID.from(uid:))
        #expect(ids.allSatisfy(GoogleEventID.isValid))
        #expect(Set(ids).count == 4)
        #expect(GoogleEventID.from(uid: "f") == "co000")
        #expect(GoogleEventID.from(uid: "foobar") == "cpnmuoj1e8")
        #expect(!GoogleEventID.isValid("ABCDE"))
        #expect(!GoogleEventID.isValid("abcd"))
        #expect(!GoogleEventID.isValid("abcdw"))
    }
}
