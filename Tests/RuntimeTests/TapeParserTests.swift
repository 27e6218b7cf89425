import RuleLang
import Testing
@testable import Runtime

/// The timeline parser: every event kind, local and offset times, and located errors.
@Suite struct TapeParserTests {
    let zone = ZoneConverter(identifier: "Europe/Paris")!

    func parse(_ text: String) throws(TapeError) -> [TapeLine] {
        try TapeParser.parse(text: text, fileName: "x/timeline.jsonl", zone: zone)
    }

    func error(_ text: String) -> TapeError? {
        do { _ = try parse(text); return nil } catch { return error }
    }

    @Test func readsEveryEventKind() throws {
        let lines = try parse("""
            # comment
            {"at": "2025-01-17T18:00:00+01:00", "event": "book", "uid": "a", "start": "2025-01-17T20:00", "end": "2025-01-17T21:30", "party": 4}
            {"at": "2025-01-17T18:01:00+01:00", "event": "cancel", "uid": "a"}
            {"at": "2025-01-17T18:02:00+01:00", "event": "move", "uid": "b", "start": "2025-01-17T20:00", "end": "2025-01-17T21:00"}
            {"at": "2025-01-17T18:03:00+01:00", "event": "trigger", "phone": "+33612345678", "requested": "2025-01-17T20:00"}
            {"at": "2025-01-17T18:04:00+01:00", "event": "join", "phone": "+33612345678", "first_name": "A", "last_name": "B", "party": 1, "slots": ["2025-01-17T20:00"]}
            {"at": "2025-01-17T18:05:00+01:00", "event": "reply", "phone": "+33612345678", "answer": "Oui"}
            {"at": "2025-01-17T18:06:00+01:00", "event": "notify", "entry": 1, "slot": "2025-01-17T20:00", "by": "Paul"}
            {"at": "2025-01-17T18:07:00+01:00", "event": "delete", "entry": 1, "by": "Paul"}
            {"at": "2025-01-17T18:08:00+01:00", "event": "stop", "phone": "+33612345678"}

            {"at": "2025-01-17T17:09:00Z", "event": "advance"}
            """)
        #expect(lines.map(\.event.name) == ["book", "cancel", "move", "trigger", "join", "reply", "notify", "delete", "stop", "advance"])
        #expect(lines[0].line == 2)
        #expect(lines[0].event == .book(uid: "a", start: Instant(seconds: 1_737_140_400), end: Instant(seconds: 1_737_145_800), party: 4, resource: ""))
        #expect(lines[5].event == .reply(phone: "+33612345678", accept: true))
        #expect(lines[9].line == 12)
    }

    @Test func calendarHealthTakesABoolean() throws {
        let lines = try parse("""
            {"at": "2025-01-17T18:00:00+01:00", "event": "calendar_health", "stale": true}
            {"at": "2025-01-17T18:10:00+01:00", "event": "calendar_health", "stale": false}
            """)
        #expect(lines.map(\.event) == [.calendarHealth(stale: true), .calendarHealth(stale: false)])
        let refused = error("{\"at\": \"2025-01-17T18:00:00+01:00\", \"event\": \"calendar_health\", \"stale\": \"yes\"}")
        #expect(refused?.message.contains("\"stale\" must be true or false") == true)
    }

    @Test func unknownEventSuggestsTheClosest() {
        let error = error("{\"at\": \"2025-01-17T18:00:00+01:00\", \"event\": \"cancle\", \"uid\": \"a\"}")
        #expect(error?.description.hasPrefix("x/timeline.jsonl:1: unknown event 'cancle' (did you mean 'cancel'?)") == true)
    }

    @Test func timeGoingBackIsAnError() {
        let error = error("""
            {"at": "2025-01-17T18:00:00+01:00", "event": "advance"}
            {"at": "2025-01-17T17:59:00+01:00", "event": "advance"}
            """)
        #expect(error?.line == 2)
        #expect(error?.message.contains("goes back before line 1") == true)
    }

    @Test(arguments: [
        ("{\"at\": \"2025-01-17T18:00:00+01:00\", \"event\": \"advance\"", "not valid JSON"),
        ("{\"at\": \"2025-01-17T18:00:00\", \"event\": \"advance\"}", "with an offset"),
        ("{\"at\": \"2025-01-17T18:00:00+01:00\", \"event\": \"reply\", \"phone\": \"+33612345678\", \"answer\": \"peut-être\"}", "\"oui\" or \"non\""),
        ("{\"at\": \"2025-01-17T18:00:00+01:00\", \"event\": \"cancel\"}", "needs \"uid\""),
        ("{\"at\": \"2025-01-17T18:00:00+01:00\", \"event\": \"cancel\", \"ui\": \"a\", \"uid\": \"a\"}", "unknown field \"ui\""),
        ("[1, 2]", "not an object"),
    ])
    func locatedErrors(text: String, expected: String) {
        let error = error(text)
        #expect(error?.line == 1)
        #expect(error?.message.contains(expected) == true, "\(String(describing: error))")
    }

    @Test func splitMixIsDeterministic() {
        var a = SplitMix64(seed: 42), b = SplitMix64(seed: 42)
        #expect(a.token() == b.token())
        #expect(a.token().count == 12)
    }

    @Test func phonesAreMasked() {
        #expect(TranscriptWriter.mask("+33612345612") == "+33 6 .. .. .. 12")
    }
}
