// TEMPORARY: replaced by the store/http/pages branches at merge. Delete this file then.
import Runtime
import Foundation
import CCrypto
enum Digest {
    static func sha256Hex(_ text: String) -> String {
        var out = [UInt8](repeating: 0, count: 32)
        let bytes = Array(text.utf8)
        _ = SHA256(bytes, bytes.count, &out)
        return out.map { String(format: "%02x", $0) }.joined()
    }
}
enum SecureRandom {
    static func token() -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        _ = RAND_bytes(&bytes, 32)
        return bytes.map { String(format: "%02x", $0) }.joined()
    }
}
enum ConstantTime {
    static func equals(_ a: String, _ b: String) -> Bool { a == b }
}
/// TEMP telemetry.
public final class ServiceTelemetry: Sendable {
    public enum Level: String, Sendable { case debug, info, warning, error }
    public enum Field: Sendable { case string(String), int(Int), bool(Bool) }
    public init() {}
    func log(_ level: Level, _ message: String, _ fields: [String: Field] = [:]) {
        FileHandle.standardError.write(Data("\(level.rawValue) \(message) \(fields)\n".utf8))
    }
    func observe(_ effects: [EngineEffect]) {}
    func count(_ name: String, _ labels: [String: String] = [:]) {}
    func setOutboxDepth(_ depth: Int) {}
}
enum JSONResponse {
    static func error(status: Int, code: String, message: String, field: String? = nil) -> HTTPResponse {
        var error: [String: Any] = ["code": code, "message": message]
        if let field { error["field"] = field }
        return APIJSON.response(status: status, ["error": error])
    }
}
extension ConstantTime { static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool { a == b } }
enum SecurityHeaders { static let api: [(String, String)] = []
    static func page(noStore: Bool) -> [(String, String)] { [] } }
enum Redaction { static func phone(_ p: String) -> String { p } }
extension ServiceTelemetry { func countRequest(route: String, status: Int) {}; func renderMetrics() -> String { "" } }
public final class SQLiteStore: WaitlistStore {
    public init(path: String) throws(StoreError) {}
    public static func defaultPath(dataDirectory: String) -> String { "" }
    public func close() {}
    public func commit(_ batch: StoreBatch) throws(StoreError) {}
    public func enqueue(_ batch: StoreBatch) -> StoreCommit { StoreCommit() }
    public func latestSnapshot(business: String) throws(StoreError) -> EngineSnapshotRow? { nil }
    public func events(business: String, after sequence: Int64) throws(StoreError) -> [LoggedEventRow] { [] }
    public func events(business: String, from: Instant, to: Instant) throws(StoreError) -> [LoggedEventRow] { [] }
    public func ruleSource(digest: String) throws(StoreError) -> String? { nil }
    public func publicToken(digest: String) throws(StoreError) -> PublicTokenRow? { nil }
    public func idempotencyRecord(scope: String, key: String) throws(StoreError) -> IdempotencyRow? { nil }
    public func entries(business: String, limit: Int) throws(StoreError) -> [EntryRow] { [] }
    public func dueOutbox(now: Instant, limit: Int) throws(StoreError) -> [OutboxRow] { [] }
    public func nextOutboxDue() throws(StoreError) -> Instant? { nil }
    public func outboxCounts() throws(StoreError) -> [OutboxStatus: Int] { [:] }
    public func outbox(business: String, entryID: Int) throws(StoreError) -> [OutboxRow] { [] }
    public func localCalendarEvents(business: String, from: Instant) throws(StoreError) -> [LocalCalendarEvent] { [] }
    public func business(id: String) throws(StoreError) -> BusinessRow? { nil }
    public func calendarSync(business: String) throws(StoreError) -> CalendarSyncRow? { nil }
}
public struct HTTPServerConfiguration: Sendable { public var host = ""; public var port = 0; public var threads = 2; public init() {} }
public final class HTTPServer: Sendable { public init(configuration: HTTPServerConfiguration, handler: any HTTPHandler) {}
    public func start() throws {}; public func stop() {}; public var port: Int { 0 } }
enum FormDecoding { static func decode(_ body: [UInt8]) -> [(name: String, value: String)]? { [] } }
enum OriginCheck { static func allows(request: HTTPRequest, publicOrigin: String) -> Bool { true } }
