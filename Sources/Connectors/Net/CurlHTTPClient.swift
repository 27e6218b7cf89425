/// The provider HTTP client on libcurl: one pool of reused easy handles (keep-alive
/// connections and TLS sessions survive between requests), explicit connect and total
/// timeouts, TLS verification always on, no signals (safe on many threads).
import CCurl
import Foundation
import Synchronization

/// libcurl's global initialisation, done once before the first handle.
private let curlGlobalInit: Void = {
    curl_global_init(Int(CURL_GLOBAL_DEFAULT))
}()

/// Collects a response while libcurl writes it; reached from C through `Unmanaged`.
private final class CurlResponseBuffer {
    var body: [UInt8] = []
    var headers: [(name: String, value: String)] = []
}

/// Body bytes from libcurl.
private func curlWriteBody(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let data, let context else { return 0 }
    let buffer = Unmanaged<CurlResponseBuffer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    data.withMemoryRebound(to: UInt8.self, capacity: length) { buffer.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length)) }
    return length
}

/// One header line from libcurl; a status line starts a new response (after a redirect or a 100).
private func curlWriteHeader(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let data, let context else { return 0 }
    let buffer = Unmanaged<CurlResponseBuffer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    let line = data.withMemoryRebound(to: UInt8.self, capacity: length) {
        String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
    }
    if line.hasPrefix("HTTP/") {
        buffer.headers = []
    } else if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        buffer.headers.append((name, value))
    }
    return length
}

/// An `HTTPClient` on libcurl.
public final class CurlHTTPClient: HTTPClient {
    /// An easy handle; only the thread that took it out of the pool touches it.
    private struct Handle: @unchecked Sendable { let pointer: UnsafeMutableRawPointer }
    /// Idle easy handles.
    private let idle = Mutex<[Handle]>([])
    private let connectTimeout: Double
    /// Extra CA bundle (tests with a local TLS server); nil uses the system's.
    private let caBundle: String?

    /// A client whose connections must be made within `connectTimeout` seconds.
    public init(connectTimeout: Double = 5, caBundle: String? = nil) {
        _ = curlGlobalInit
        self.connectTimeout = connectTimeout
        self.caBundle = caBundle
    }

    deinit {
        for handle in idle.withLock({ $0 }) { curl_easy_cleanup(handle.pointer) }
    }

    public func send(_ request: OutboundHTTPRequest) -> Result<OutboundHTTPResponse, HTTPClientError> {
        guard let handle = idle.withLock({ $0.popLast()?.pointer }) ?? curl_easy_init() else {
            return .failure(.transport("libcurl could not create a handle"))
        }
        defer {
            curl_easy_reset(handle)
            let pooled = Handle(pointer: handle)
            idle.withLock { $0.append(pooled) }
        }
        let buffer = CurlResponseBuffer()
        let context = Unmanaged.passUnretained(buffer).toOpaque()
        var headerList: UnsafeMutablePointer<curl_slist>?
        for header in request.headers {
            headerList = curl_slist_append(headerList, "\(header.name): \(header.value)")
        }
        // libcurl adds "Expect: 100-continue" to large bodies; providers don't need the round trip.
        headerList = curl_slist_append(headerList, "Expect:")
        defer { curl_slist_free_all(headerList) }
        let code: CURLcode = request.body.withUnsafeBufferPointer { body -> CURLcode in
            _ = speedai_curl_setopt_string(handle, CURLOPT_URL, request.url)
            _ = speedai_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
            _ = speedai_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(connectTimeout * 1000))
            _ = speedai_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(request.timeout * 1000))
            _ = speedai_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
            _ = speedai_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
            _ = speedai_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
            _ = speedai_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
            if let caBundle { _ = speedai_curl_setopt_string(handle, CURLOPT_CAINFO, caBundle) }
            _ = speedai_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headerList))
            _ = speedai_curl_setopt_callback(handle, CURLOPT_WRITEFUNCTION, curlWriteBody)
            _ = speedai_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
            _ = speedai_curl_setopt_callback(handle, CURLOPT_HEADERFUNCTION, curlWriteHeader)
            _ = speedai_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
            switch request.method {
            case "GET": _ = speedai_curl_setopt_long(handle, CURLOPT_HTTPGET, 1)
            case "HEAD": _ = speedai_curl_setopt_long(handle, CURLOPT_NOBODY, 1)
            default:
                _ = speedai_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
            }
            if !request.body.isEmpty || request.method == "POST" || request.method == "PUT" {
                _ = speedai_curl_setopt_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
                _ = speedai_curl_setopt_pointer(handle, CURLOPT_POSTFIELDS,
                                                UnsafeMutableRawPointer(mutating: body.baseAddress ?? UnsafePointer(bitPattern: 1)!))
                if request.method != "POST" { _ = speedai_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method) }
            }
            return curl_easy_perform(handle)
        }
        guard code == CURLE_OK else {
            let message = String(cString: curl_easy_strerror(code))
            switch code {
            case CURLE_OPERATION_TIMEDOUT: return .failure(.timeout("\(request.method) \(request.url): \(message)"))
            case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION:
                return .failure(.connection("\(request.method) \(request.url): \(message)"))
            default: return .failure(.transport("\(request.method) \(request.url): \(message)"))
            }
        }
        var status = 0
        _ = speedai_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(OutboundHTTPResponse(status: status, headers: buffer.headers, body: buffer.body))
    }
}
