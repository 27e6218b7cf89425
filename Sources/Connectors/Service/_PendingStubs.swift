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
enum PhoneNumber { static func normalize(_ raw: String) -> String? { raw.hasPrefix("+") ? raw : nil } }
enum SecurityHeaders { static let api: [(String, String)] = []
    static func page(noStore: Bool) -> [(String, String)] { [] } }
enum Redaction { static func phone(_ p: String) -> String { p } }
public struct EstablishmentBrand: Sendable { public var name: String; public var logoPath: String? }
public struct SlotOption: Sendable { public var value: String; public var label: String; public var detail: String?; public var checked: Bool; public var isRequested: Bool }
public struct WaitlistFormValues: Sendable { var firstName, lastName, phone, email: String; var partySize: Int?; var selectedSlots: Set<String> }
public struct WaitlistPageModel: Sendable { var brand: EstablishmentBrand; var requestedDate: String; var requestedTime: String; var slots: [SlotOption]; var values: WaitlistFormValues; var errors: [String: String]; var formAction: String; var showPartySize: Bool; var isUpdate: Bool }
public enum OfferAnswer: Sendable { case yes, no }
public enum OfferOutcomePage: Sendable { case booked, declined, alreadyBooked, alreadyDeclined, expired, taken, closed }
public enum Pages {
    static func waitlist(_ model: WaitlistPageModel) -> String { "" }
    static func thankYou(brand: EstablishmentBrand, date: String, time: String, slotLabels: [String]) -> String { "" }
    static func notFound() -> String { "" }
    static func gone() -> String { "" }
    static func offerConfirm(brand: EstablishmentBrand, date: String, time: String, answer: OfferAnswer, formAction: String) -> String { "" }
    static func offerResult(brand: EstablishmentBrand, outcome: OfferOutcomePage, date: String, time: String) -> String { "" }
    static func error(status: Int, title: String, message: String) -> String { "" }
    static let stylesheet = ""
}
enum OriginCheck { static func allows(request: HTTPRequest, publicOrigin: String) -> Bool { true } }
enum FormDecoding { static func decode(_ body: [UInt8]) -> [(name: String, value: String)]? { [] } }
struct ValidWaitlistForm { var firstName, lastName, phone, email: String; var partySize: Int?; var slots: [String] }
struct WaitlistFormErrors: Error { var messages: [String: String]; var values: WaitlistFormValues }
enum WaitlistForm { static func validate(fields: [(name: String, value: String)], allowedSlots: Set<String>, partySizeRange: ClosedRange<Int>?) -> Result<ValidWaitlistForm, WaitlistFormErrors> { fatalError() } }
extension PhoneNumber { static func display(_ e164: String) -> String { e164 } }
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
