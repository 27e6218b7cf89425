/// The C callbacks libmicrohttpd calls on its own threads. They are plain global functions
/// that capture nothing (a requirement for `@convention(c)`); the server and each request's
/// state travel through the `void *` context slots as `Unmanaged` pointers.

import CMicroHTTPD
import Foundation

/// libmicrohttpd's access handler: called once when the headers are read, once per body
/// chunk, and once more when the request is complete. Answers 413 as soon as the body is
/// known to be too large, and otherwise runs the service's handler on the final call.
func httpServerAccessHandler(
    _ serverContext: UnsafeMutableRawPointer?, _ connection: OpaquePointer?,
    _ url: UnsafePointer<CChar>?, _ method: UnsafePointer<CChar>?, _ version: UnsafePointer<CChar>?,
    _ uploadData: UnsafePointer<CChar>?, _ uploadDataSize: UnsafeMutablePointer<Int>?,
    _ requestSlot: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> MHD_Result {
    guard let serverContext, let connection, let uploadDataSize, let requestSlot else { return .NO }
    let core = Unmanaged<HTTPServerCore>.fromOpaque(serverContext).takeUnretainedValue()
    let limit = core.configuration.maxBodyBytes

    guard let existing = requestSlot.pointee else {
        // First call: headers only. Remember the request and refuse an announced oversize body
        // before a single body byte is read (and before libmicrohttpd sends `100 Continue`).
        let context = HTTPRequestContext(method: method.map { String(cString: $0) } ?? "GET",
                                         path: url.map { String(cString: $0) } ?? "/")
        context.remoteAddress = SocketAddress.text(of: speedai_mhd_client_address(connection))
        requestSlot.pointee = Unmanaged.passRetained(context).toOpaque()
        if let announced = MHD_lookup_connection_value(connection, .HEADER_KIND, "Content-Length"),
           declaredLengthExceeds(String(cString: announced), limit: limit) {
            context.bodyTooLarge = true
            return queue(payloadTooLarge(limit: limit), on: connection, for: context)
        }
        return .YES
    }
    let context = Unmanaged<HTTPRequestContext>.fromOpaque(existing).takeUnretainedValue()

    let chunkSize = uploadDataSize.pointee
    if chunkSize > 0 {
        // Mark the chunk consumed whatever happens to it: unconsumed data stalls the connection.
        uploadDataSize.pointee = 0
        if context.bodyTooLarge || context.responded { return .YES }
        if context.body.count + chunkSize > limit {
            // A chunked (or lying) body went over the limit: drop what we have and answer now.
            // If libmicrohttpd will not take a response mid-body, the final call answers instead.
            context.bodyTooLarge = true
            context.body = []
            _ = queue(payloadTooLarge(limit: limit), on: connection, for: context)
            return .YES
        }
        if let uploadData {
            uploadData.withMemoryRebound(to: UInt8.self, capacity: chunkSize) { bytes in
                context.body.append(contentsOf: UnsafeBufferPointer(start: bytes, count: chunkSize))
            }
        }
        return .YES
    }

    // Final call: the whole request is in.
    if context.responded { return .YES }
    if context.bodyTooLarge { return queue(payloadTooLarge(limit: limit), on: connection, for: context) }
    let request = HTTPRequest(method: context.method, path: context.path,
                              query: connectionValues(connection, kind: .GET_ARGUMENT_KIND, lowercaseNames: false),
                              headers: connectionValues(connection, kind: .HEADER_KIND, lowercaseNames: true),
                              body: context.body, remoteAddress: context.remoteAddress)
    context.body = []
    let response = core.handler.handle(request)
    return queue(response, on: connection, for: context)
}

/// libmicrohttpd's request-completed callback: reports the request to the access log and
/// releases the per-request state the access handler retained.
func httpServerRequestCompleted(
    _ serverContext: UnsafeMutableRawPointer?, _ connection: OpaquePointer?,
    _ requestSlot: UnsafeMutablePointer<UnsafeMutableRawPointer?>?, _ termination: MHD_RequestTerminationCode
) {
    guard let requestSlot, let raw = requestSlot.pointee else { return }
    requestSlot.pointee = nil
    let context = Unmanaged<HTTPRequestContext>.fromOpaque(raw).takeRetainedValue()
    guard let serverContext, context.responded else { return }
    let core = Unmanaged<HTTPServerCore>.fromOpaque(serverContext).takeUnretainedValue()
    guard let accessLog = core.accessLog else { return }
    let elapsed = ContinuousClock.now - context.started
    let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
    accessLog(AccessLogRecord(method: context.method, path: Redaction.path(context.path), status: context.status,
                              bytes: context.bytes, durationMicroseconds: Int(micros), remoteAddress: context.remoteAddress))
}

/// libmicrohttpd's diagnostic logger (`MHD_OPTION_EXTERNAL_LOGGER`): formats the message
/// with `vsnprintf` and hands it to the server core.
func httpServerLogMessage(_ serverContext: UnsafeMutableRawPointer?, _ format: UnsafePointer<CChar>?, _ arguments: CVaListPointer?) {
    guard let serverContext, let format, let arguments else { return }
    let core = Unmanaged<HTTPServerCore>.fromOpaque(serverContext).takeUnretainedValue()
    var buffer = [CChar](repeating: 0, count: 512)
    _ = buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, $0.count, format, arguments) }
    let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    core.record(message: text.trimmingCharacters(in: .whitespacesAndNewlines))
}

/// True when a `Content-Length` value announces more than `limit` bytes (an unparsable
/// value is left to libmicrohttpd, which answers 400 itself).
private func declaredLengthExceeds(_ value: String, limit: Int) -> Bool {
    let digits = value.trimmingCharacters(in: .whitespaces)
    guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
    guard let length = Int(digits) else { return true }  // more digits than Int holds
    return length > limit
}

/// The 413 answer.
private func payloadTooLarge(limit: Int) -> HTTPResponse {
    JSONResponse.error(status: 413, code: "payload_too_large",
                       message: "The request body is larger than the \(limit) bytes this server accepts.")
}

/// The 500 answer for a response libmicrohttpd cannot send as the handler built it.
private func unsendableResponse(_ reason: String) -> HTTPResponse {
    JSONResponse.error(status: 500, code: "internal_error", message: "The server built an invalid response (\(reason)).")
}

/// Hands `response` to libmicrohttpd (copying the body) and records it for the access log.
/// A response libmicrohttpd refuses (bad status, header with a line break) becomes a 500.
private func queue(_ response: HTTPResponse, on connection: OpaquePointer, for context: HTTPRequestContext) -> MHD_Result {
    var toSend = response
    var built = makeNativeResponse(toSend)
    if case .failure(let reason) = built {
        toSend = unsendableResponse(reason.reason)
        built = makeNativeResponse(toSend)
    }
    guard case .success(let native) = built else { return .NO }
    defer { MHD_destroy_response(native) }
    let result = MHD_queue_response(connection, UInt32(toSend.status), native)
    if result == .YES {
        context.responded = true
        context.status = toSend.status
        context.bytes = toSend.body.count
    }
    return result
}

/// Why a response could not be converted.
private struct UnsendableResponse: Error {
    let reason: String
}

/// The libmicrohttpd response for `response`, or why it cannot be built.
private func makeNativeResponse(_ response: HTTPResponse) -> Result<OpaquePointer, UnsendableResponse> {
    guard (100...599).contains(response.status) else {
        return .failure(UnsendableResponse(reason: "status \(response.status) is not an HTTP status code"))
    }
    var placeholder: UInt8 = 0
    let native: OpaquePointer? = response.body.isEmpty
        ? MHD_create_response_from_buffer(0, &placeholder, .RESPMEM_MUST_COPY)
        : response.body.withUnsafeBytes { bytes in
            MHD_create_response_from_buffer(bytes.count, UnsafeMutableRawPointer(mutating: bytes.baseAddress), .RESPMEM_MUST_COPY)
        }
    guard let native else { return .failure(UnsendableResponse(reason: "out of memory")) }
    for header in response.headers {
        // libmicrohttpd computes Content-Length itself and refuses a hand-set one.
        if header.name.lowercased() == "content-length" { continue }
        if MHD_add_response_header(native, header.name, header.value) != .YES {
            MHD_destroy_response(native)
            return .failure(UnsendableResponse(reason: "header \"\(header.name)\" has a forbidden character"))
        }
    }
    return .success(native)
}

/// Collects name/value pairs from libmicrohttpd's iterator.
private final class ConnectionValueCollector {
    var pairs: [(name: String, value: String)] = []
    let lowercaseNames: Bool
    init(lowercaseNames: Bool) { self.lowercaseNames = lowercaseNames }
}

/// The query arguments or headers of a connection, in order.
private func connectionValues(_ connection: OpaquePointer, kind: MHD_ValueKind, lowercaseNames: Bool) -> [(name: String, value: String)] {
    let collector = ConnectionValueCollector(lowercaseNames: lowercaseNames)
    withExtendedLifetime(collector) {
        _ = MHD_get_connection_values(connection, kind, collectConnectionValue, Unmanaged.passUnretained(collector).toOpaque())
    }
    return collector.pairs
}

/// The `MHD_KeyValueIterator` behind `connectionValues`.
private func collectConnectionValue(_ collectorContext: UnsafeMutableRawPointer?, _ kind: MHD_ValueKind,
                                    _ key: UnsafePointer<CChar>?, _ value: UnsafePointer<CChar>?) -> MHD_Result {
    guard let collectorContext, let key else { return .YES }
    let collector = Unmanaged<ConnectionValueCollector>.fromOpaque(collectorContext).takeUnretainedValue()
    let name = String(cString: key)
    collector.pairs.append((name: collector.lowercaseNames ? name.lowercased() : name,
                            value: value.map { String(cString: $0) } ?? ""))
    return .YES
}
