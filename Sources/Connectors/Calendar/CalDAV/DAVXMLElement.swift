/// A minimal namespace-aware XML tree for WebDAV answers (RFC 4918 multistatus, RFC 4791
/// CalDAV properties). Built with Foundation's `XMLParser` (FoundationXML on Linux) with
/// namespace processing on, so `D:href`, `d:href` and `href` under `xmlns="DAV:"` are the
/// same element: servers pick their own prefixes.
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The namespaces CalDAV answers use.
enum DAVNamespace {
    static let dav = "DAV:"
    static let caldav = "urn:ietf:params:xml:ns:caldav"
    static let calendarServer = "http://calendarserver.org/ns/"
}

/// One element: its expanded name, its text and its children.
struct DAVXMLElement: Sendable, Equatable {
    var namespace: String
    var name: String
    var text: String
    var children: [DAVXMLElement]
    /// Attributes by local name (`name` of `<C:comp name="VEVENT"/>`).
    var attributes: [String: String] = [:]

    /// The first child with this name, or nil.
    func child(_ name: String, _ namespace: String = DAVNamespace.dav) -> DAVXMLElement? {
        children.first { $0.name == name && $0.namespace == namespace }
    }

    /// Every child with this name.
    func children(_ name: String, _ namespace: String = DAVNamespace.dav) -> [DAVXMLElement] {
        children.filter { $0.name == name && $0.namespace == namespace }
    }

    /// Whether this element or any descendant has this name.
    func contains(_ name: String, _ namespace: String = DAVNamespace.dav) -> Bool {
        children.contains { ($0.name == name && $0.namespace == namespace) || $0.contains(name, namespace) }
    }

    /// The text with surrounding white space removed.
    var trimmedText: String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Parses a document; nil when it is not well-formed XML (an HTML error page, a
    /// truncated body).
    static func parse(_ bytes: [UInt8]) -> DAVXMLElement? {
        guard !bytes.isEmpty else { return nil }
        let parser = XMLParser(data: Data(bytes))
        let builder = DAVXMLTreeBuilder()
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else { return nil }
        return root
    }
}

/// The `XMLParser` delegate that assembles the tree. Used by one parse on one thread.
private final class DAVXMLTreeBuilder: NSObject, XMLParserDelegate {
    private var stack: [DAVXMLElement] = []
    var root: DAVXMLElement?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        var plain: [String: String] = [:]
        for (key, value) in attributes { plain[String(key.split(separator: ":").last ?? Substring(key))] = value }
        stack.append(DAVXMLElement(namespace: namespaceURI ?? "", name: elementName, text: "", children: [], attributes: plain))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard let finished = stack.popLast() else { return }
        if stack.isEmpty { root = finished } else { stack[stack.count - 1].children.append(finished) }
    }
}
