import Foundation
import Synchronization
import Testing
@testable import Connectors

@Suite struct JSONLineLoggerTests {
    /// 2026-11-25T10:00:00.123Z
    private static let fixedDate = Date(timeIntervalSince1970: 1_795_600_800.123)

    /// Lines written by a logger under test.
    private final class CapturedLines: Sendable {
        private let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
        var first: String? { all.first }
    }

    private func capture(minimumLevel: LogLevel = .info, redacting: Bool = true) -> (JSONLineLogger, CapturedLines) {
        let lines = CapturedLines()
        let logger = JSONLineLogger(minimumLevel: minimumLevel, redacting: redacting, clock: { Self.fixedDate }) { line in
            lines.append(line)
        }
        return (logger, lines)
    }

    @Test func writesOneJSONObjectPerLine() throws {
        let (logger, lines) = capture()
        logger.info("offer sent", ["slot": "19:30", "party": 2, "ratio": 0.5, "retry": false])
        let line = try #require(lines.first)
        #expect(line == #"{"ts":"2026-11-25T10:00:00.123Z","level":"info","msg":"offer sent","party":2,"ratio":0.5,"retry":false,"slot":"19:30"}"#)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["party"] as? Int == 2)
    }

    @Test func levelsBelowTheMinimumAreDropped() {
        let (logger, lines) = capture(minimumLevel: .warn)
        logger.debug("d")
        logger.info("i")
        logger.warn("w")
        logger.error("e")
        #expect(lines.all.map { $0.contains("\"level\":\"warn\"") || $0.contains("\"level\":\"error\"") } == [true, true])
    }

    @Test func stringsAreEscapedAndReservedKeysPrefixed() throws {
        let (logger, lines) = capture()
        logger.error("bad \"rule\"\nline 2\u{1}", ["msg": "shadow", "path": "C:\\x"])
        let line = try #require(lines.first)
        #expect(line.contains(#""msg":"bad \"rule\"\nline 2\u0001""#))
        #expect(line.contains(#""_msg":"shadow""#))
        #expect(line.contains(#""path":"C:\\x""#))
        #expect(!line.contains("\n"))
        #expect(try JSONSerialization.jsonObject(with: Data(line.utf8)) is [String: Any])
    }

    @Test func nonFiniteNumbersBecomeNull() throws {
        let (logger, lines) = capture()
        logger.info("x", ["v": .double(.infinity)])
        #expect(try #require(lines.first).contains(#""v":null"#))
    }

    @Test func phonesAndTokensAreMaskedByDefault() throws {
        let token = String(repeating: "Ab3_", count: 10) + "xyz"
        let (logger, lines) = capture()
        logger.info("SMS to +33612345678", ["link": .string("https://x.fr/o/\(token)/oui")])
        let line = try #require(lines.first)
        #expect(line.contains("+336****78"))
        #expect(!line.contains("+33612345678"))
        #expect(line.contains("/o/Ab3_…/oui"))
        let (raw, rawLines) = capture(redacting: false)
        raw.info("SMS to +33612345678")
        #expect(try #require(rawLines.first).contains("+33612345678"))
    }

    @Test("an access line is the line info(\"http request\", fields) writes, masking included",
          arguments: [AccessLogRecord(method: "GET", path: "/waitlist/abcd…", status: 200, bytes: 4385, durationMicroseconds: 97, remoteAddress: "127.0.0.1"),
                      AccessLogRecord(method: "POST", path: "/x/+33612345678/\"é\u{2028}\\\t", status: 404, bytes: 0, durationMicroseconds: -1,
                                      remoteAddress: "::1"),
                      AccessLogRecord(method: "GET", path: "/api/" + String(repeating: "A", count: 50), status: 500, bytes: 1,
                                      durationMicroseconds: 0, remoteAddress: "")])
    func accessLineMatchesGenericLine(record: AccessLogRecord) throws {
        let (logger, lines) = capture()
        logger.access(record)
        logger.info("http request", ["method": .string(record.method), "path": .string(record.path), "status": .int(record.status),
                                     "bytes": .int(record.bytes), "duration_us": .int(record.durationMicroseconds),
                                     "remote": .string(record.remoteAddress)])
        #expect(lines.all.count == 2)
        #expect(lines.all.first == lines.all.last)
        let (quiet, none) = capture(minimumLevel: .warn)
        quiet.access(record)
        #expect(none.all.isEmpty)
    }

    @Test func accessRecordsBecomeInfoLines() throws {
        let (logger, lines) = capture()
        logger.access(AccessLogRecord(method: "POST", path: "/o/SECR…/oui", status: 303, bytes: 0, durationMicroseconds: 812, remoteAddress: "::1"))
        let line = try #require(lines.first)
        #expect(line == #"{"ts":"2026-11-25T10:00:00.123Z","level":"info","msg":"http request","bytes":0,"duration_us":812,"method":"POST","path":"/o/SECR…/oui","remote":"::1","status":303}"#)
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (-0.5, "1969-12-31T23:59:59.500Z"),
        (951_782_400.999, "2000-02-29T00:00:00.999Z"),
    ])
    func timestampsAreUTCWithMilliseconds(seconds: Double, expected: String) {
        #expect(JSONLineLogger.timestamp(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test func writesToAFileHandle() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID()).jsonl").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        let logger = JSONLineLogger(handle: handle, clock: { Self.fixedDate })
        logger.info("one")
        logger.info("two")
        try handle.close()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 2)
        #expect(text.hasSuffix("}\n"))
    }

    @Test func concurrentLinesDoNotInterleave() {
        let (logger, lines) = capture()
        DispatchQueue.concurrentPerform(iterations: 400) { index in
            logger.info("line \(index)", ["n": .int(index)])
        }
        let all = lines.all
        #expect(all.count == 400)
        #expect(all.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
    }
}
