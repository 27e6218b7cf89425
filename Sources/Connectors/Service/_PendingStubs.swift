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
        return ok(status: status, object: ["error": error])
    }
    static func ok(status: Int, object: [String: Any]) -> HTTPResponse {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return HTTPResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")], body: Array(data))
    }
}
extension ConstantTime { static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool { a == b } }
enum PhoneNumber { static func normalize(_ raw: String) -> String? { raw.hasPrefix("+") ? raw : nil } }
enum SecurityHeaders { static let api: [(String, String)] = []
    static func page(noStore: Bool) -> [(String, String)] { [] } }
enum Redaction { static func phone(_ p: String) -> String { p } }
