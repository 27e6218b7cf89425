/// A small HTTP client for the end-to-end tests, on URLSession (FoundationNetworking). It
/// never follows redirects: the tests check the 303 and its `Location` themselves, as a
/// browser's network panel would show them.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// One HTTP answer.
struct HTTPAnswer: Sendable {
    var status: Int
    /// Header fields with lower-cased names.
    var headers: [String: String]
    var body: Data

    /// The body as UTF-8 text.
    var text: String { String(decoding: body, as: UTF8.self) }

    /// A header by name (any case).
    func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The body as a JSON object (empty when it is not one).
    var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }

    /// `error.code` of an API error body.
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
}

/// A transport failure (no HTTP answer at all).
struct HTTPTestClientError: Error, CustomStringConvertible {
    var description: String
}

/// Sends requests and collects whole answers, without following redirects.
final class HTTPTestClient: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    // @unchecked Sendable: the only mutable state is `pending`, guarded by its Mutex; `session`
    // is set once in init.

    private struct Pending {
        var continuation: CheckedContinuation<HTTPAnswer, any Error>
        var status = 0
        var headers: [String: String] = [:]
        var body = Data()
    }

    private let pending = Mutex<[Int: Pending]>([:])
    private var session: URLSession!

    override init() {
        super.init()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 60
        configuration.httpShouldSetCookies = false
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }

    deinit { session?.invalidateAndCancel() }

    /// Sends one request and waits for the whole answer.
    func send(_ method: String, _ url: String, headers: [String: String] = [:], body: Data? = nil) async throws -> HTTPAnswer {
        guard let target = URL(string: url) else { throw HTTPTestClientError(description: "not a URL: \(url)") }
        var request = URLRequest(url: target)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        return try await withCheckedThrowingContinuation { continuation in
            let task = session.dataTask(with: request)
            pending.withLock { $0[task.taskIdentifier] = Pending(continuation: continuation) }
            task.resume()
        }
    }

    /// `GET url`.
    func get(_ url: String, headers: [String: String] = [:]) async throws -> HTTPAnswer {
        try await send("GET", url, headers: headers)
    }

    /// `POST url` with a JSON body and the given extra headers.
    func postJSON(_ url: String, _ object: [String: Any], headers: [String: String] = [:]) async throws -> HTTPAnswer {
        let body = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return try await send("POST", url, headers: ["Content-Type": "application/json"].merging(headers) { $1 }, body: body)
    }

    /// `POST url` with a form-urlencoded body (fields in order; names may repeat).
    func postForm(_ url: String, _ fields: [(String, String)], headers: [String: String] = [:]) async throws -> HTTPAnswer {
        let body = fields.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
        return try await send("POST", url, headers: ["Content-Type": "application/x-www-form-urlencoded"].merging(headers) { $1 },
                              body: Data(body.utf8))
    }

    /// application/x-www-form-urlencoded encoding of one name or value.
    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._*")
        return text.addingPercentEncoding(withAllowedCharacters: allowed)!.replacingOccurrences(of: "%20", with: "+")
    }

    // MARK: URLSession delegate

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        // Keep the redirect answer itself.
        record(task: task, response: response)
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        if let http = response as? HTTPURLResponse { record(task: dataTask, response: http) }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        pending.withLock { $0[dataTask.taskIdentifier]?.body.append(data) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let finished = pending.withLock({ $0.removeValue(forKey: task.taskIdentifier) }) else { return }
        if let error, finished.status == 0 {
            finished.continuation.resume(throwing: HTTPTestClientError(description: "\(task.originalRequest?.httpMethod ?? "?") "
                                                                        + "\(task.originalRequest?.url?.absoluteString ?? "?"): \(error)"))
        } else {
            finished.continuation.resume(returning: HTTPAnswer(status: finished.status, headers: finished.headers, body: finished.body))
        }
    }

    private func record(task: URLSessionTask, response: HTTPURLResponse) {
        var headers: [String: String] = [:]
        for (name, value) in response.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        pending.withLock {
            $0[task.taskIdentifier]?.status = response.statusCode
            $0[task.taskIdentifier]?.headers = headers
        }
    }
}
