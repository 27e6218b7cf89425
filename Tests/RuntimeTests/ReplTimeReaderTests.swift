import Testing
@testable import Runtime

/// Times and durations as typed at the prompt.
@Suite struct ReplTimeReaderTests {
    static let paris = ZoneConverter(identifier: "Europe/Paris")!
    static let reader = ReplTimeReader(zone: paris, now: paris.instant(CivilDateTime(year: 2025, month: 1, day: 17, hour: 17)))

    static func local(_ instant: Instant) -> String { paris.local(instant).isoText }

    @Test(arguments: [
        ("19:30", "2025-01-17T19:30:00"), ("9:05", "2025-01-17T09:05:00"), ("19h30", "2025-01-17T19:30:00"),
        ("19h", "2025-01-17T19:00:00"), ("2025-01-18T12:00", "2025-01-18T12:00:00"),
    ])
    func timesAreLocal(text: String, expected: String) throws {
        #expect(Self.local(try Self.reader.time(text)) == expected)
    }

    @Test func dateThenTimeIsTwoWords() throws {
        var arguments = ReplArguments(command: "advance", text: "2025-03-30 02:30 rest")
        // 02:30 does not exist that night in Paris: it moves forward by the gap.
        #expect(Self.local(try Self.reader.time(from: &arguments)) == "2025-03-30T03:30:00")
        #expect(arguments.words == ["rest"])
    }

    @Test(arguments: ["25:00", "19:3", "7pm", "2025-02-30T19:00", "19:60"])
    func notTimes(text: String) {
        #expect(throws: ReplError.self) { try Self.reader.time(text) }
    }

    @Test(arguments: [("15m", 900), ("2h", 7200), ("1h30m", 5400), ("45s", 45), ("1d", 86_400), ("90min", 5400)] as [(String, Int64)])
    func durations(text: String, seconds: Int64) throws {
        #expect(try ReplTimeReader.duration(text) == seconds)
    }

    @Test func durationWithoutUnitSuggestsOne() {
        #expect(throws: ReplError("'15' is not a duration", help: "add a unit: 15m or 15h")) { try ReplTimeReader.duration("15") }
        #expect(throws: ReplError.self) { try ReplTimeReader.duration("m") }
        #expect(throws: ReplError.self) { try ReplTimeReader.duration("1w") }
    }

    @Test func durationsReadBack() {
        #expect(ReplTimeReader.describe(seconds: 5400) == "1h30m")
        #expect(ReplTimeReader.describe(seconds: 0) == "0m")
    }

    @Test(arguments: [("+33612345678", "+33612345678"), ("0612345678", "+33612345678"), ("06.12.34.56.78", "+33612345678"),
                      ("+4915112345678", "+4915112345678")])
    func phones(text: String, expected: String) throws {
        #expect(try ReplSession.phone(text) == expected)
    }

    @Test(arguments: ["12345", "+33 6", "phone", "+1234"])
    func notPhones(text: String) {
        #expect(throws: ReplError.self) { try ReplSession.phone(text) }
    }
}
