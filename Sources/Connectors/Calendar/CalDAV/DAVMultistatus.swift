/// Reads a WebDAV `multistatus` body (RFC 4918 section 13): one `response` per resource,
/// each with either a bare `status` (RFC 6578: 404 means the member was removed) or
/// `propstat` groups pairing properties with the status they were found with.
import Foundation

/// A parsed `multistatus`.
struct DAVMultistatus: Sendable, Equatable {
    /// One `response` element.
    struct Response: Sendable, Equatable {
        /// The `href`, as the server wrote it (a path or an absolute URL, percent-encoded).
        var href: String
        /// The response-level `status` code, when given (sync-collection removals).
        var status: Int?
        /// Properties found with a 2xx status.
        var properties: [DAVXMLElement]

        /// The property with this name, found (2xx).
        func property(_ name: String, _ namespace: String = DAVNamespace.dav) -> DAVXMLElement? {
            properties.first { $0.name == name && $0.namespace == namespace }
        }
    }

    var responses: [Response]
    /// The top-level `sync-token` of a sync-collection answer.
    var syncToken: String?

    /// Reads a body; nil when it is not a multistatus document.
    static func parse(_ bytes: [UInt8]) -> DAVMultistatus? {
        guard let root = DAVXMLElement.parse(bytes), root.name == "multistatus", root.namespace == DAVNamespace.dav else {
            return nil
        }
        var responses: [Response] = []
        for element in root.children("response") {
            guard let href = element.child("href")?.trimmedText, !href.isEmpty else { continue }
            var properties: [DAVXMLElement] = []
            for propstat in element.children("propstat") {
                let code = propstat.child("status").flatMap { statusCode($0.text) } ?? 200
                guard (200..<300).contains(code) else { continue }
                for prop in propstat.children("prop") { properties += prop.children }
            }
            responses.append(Response(href: href, status: element.child("status").flatMap { statusCode($0.text) },
                                      properties: properties))
        }
        let token = root.child("sync-token")?.trimmedText
        return DAVMultistatus(responses: responses, syncToken: token?.isEmpty == false ? token : nil)
    }

    /// The code of an `HTTP/1.1 404 Not Found` status line.
    static func statusCode(_ line: String) -> Int? {
        let parts = line.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        guard parts.count >= 2 else { return nil }
        return Int(parts[1])
    }
}
