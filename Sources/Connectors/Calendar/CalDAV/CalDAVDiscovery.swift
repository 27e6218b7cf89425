/// Finds the calendar collection when the configured URL is a server or principal URL:
/// `PROPFIND` Depth 0 for `current-user-principal` (RFC 5397), then the principal's
/// `calendar-home-set` (RFC 4791 section 6.2.1), then `PROPFIND` Depth 1 on the home to list
/// the collections whose `resourcetype` holds `calendar` and whose
/// `supported-calendar-component-set` (section 5.2.3; absent means any) allows VEVENT.
import Foundation

/// One calendar found under a calendar home.
struct CalDAVCalendarCandidate: Sendable, Equatable {
    var url: String
    var displayName: String?

    /// The last path segment, percent-decoded (`bistrot` for `/alice/bistrot/`).
    var segment: String {
        let path = url.hasSuffix("/") ? String(url.dropLast()) : url
        let last = path.split(separator: "/").last.map(String.init) ?? path
        return last.removingPercentEncoding ?? last
    }
}

/// The discovery walk.
struct CalDAVDiscovery: Sendable {
    let transport: CalDAVTransport

    static let probeBody = """
        <?xml version="1.0" encoding="utf-8"?>
        <d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
          <d:prop><d:resourcetype/><d:current-user-principal/><c:calendar-home-set/><d:displayname/><c:supported-calendar-component-set/></d:prop>
        </d:propfind>
        """

    /// The calendar collection URL for the configuration.
    func calendarURL() -> Result<String, CalDAVFailure> {
        let start = transport.configuration.url
        let probe: DAVMultistatus.Response
        switch describe(start) {
        case .failure(let failure): return .failure(failure)
        case .success(let response): probe = response
        }
        if Self.isEventCalendar(probe) { return .success(start) }
        let home: String
        if let set = probe.property("calendar-home-set", DAVNamespace.caldav)?.child("href")?.trimmedText, !set.isEmpty {
            home = CalDAVTransport.resolve(set, against: start)
        } else if let principal = probe.property("current-user-principal")?.child("href")?.trimmedText, !principal.isEmpty {
            let principalURL = CalDAVTransport.resolve(principal, against: start)
            switch describe(principalURL) {
            case .failure(let failure): return .failure(failure)
            case .success(let response):
                guard let set = response.property("calendar-home-set", DAVNamespace.caldav)?.child("href")?.trimmedText,
                      !set.isEmpty else {
                    return .failure(CalDAVFailure(transient: false, message:
                        "CalDAV principal \(principalURL) has no calendar-home-set: give the calendar's own URL instead"))
                }
                home = CalDAVTransport.resolve(set, against: principalURL)
            }
        } else {
            home = start // Maybe the URL is a calendar home already.
        }
        return choose(among: home)
    }

    /// Lists the calendars under `home` and picks the configured one.
    private func choose(among home: String) -> Result<String, CalDAVFailure> {
        let listing: DAVMultistatus
        switch transport.multistatus("PROPFIND", home, depth: "1", xml: Self.probeBody) {
        case .failure(let failure): return .failure(failure)
        case .success(let answer): listing = answer
        }
        let candidates = listing.responses
            .filter(Self.isEventCalendar)
            .map { CalDAVCalendarCandidate(url: CalDAVTransport.resolve($0.href, against: home),
                                           displayName: $0.property("displayname")?.trimmedText) }
            .filter { !CalDAVTransport.sameCollection($0.url, home) }
            .sorted { $0.url < $1.url }
        guard !candidates.isEmpty else {
            return .failure(CalDAVFailure(transient: false, message:
                "no CalDAV calendar holding events under \(CalDAVTransport.redacted(home)): create one, or give the calendar's own URL"))
        }
        guard let wanted = transport.configuration.calendarName, !wanted.isEmpty else { return .success(candidates[0].url) }
        let match = candidates.first { $0.displayName?.lowercased() == wanted.lowercased() }
            ?? candidates.first { $0.segment.lowercased() == wanted.lowercased() }
        guard let match else {
            let names = candidates.map { $0.displayName.map { "'\($0)'" } ?? "'\($0.segment)'" }.joined(separator: ", ")
            return .failure(CalDAVFailure(transient: false, message:
                "no CalDAV calendar named '\(wanted)' under \(CalDAVTransport.redacted(home)); found \(names)"))
        }
        return .success(match.url)
    }

    /// `PROPFIND` Depth 0 of one URL: its own response.
    private func describe(_ url: String) -> Result<DAVMultistatus.Response, CalDAVFailure> {
        switch transport.multistatus("PROPFIND", url, depth: "0", xml: Self.probeBody) {
        case .failure(let failure): return .failure(failure)
        case .success(let answer):
            let own = answer.responses.first { CalDAVTransport.sameCollection(CalDAVTransport.resolve($0.href, against: url), url) }
            guard let response = own ?? answer.responses.first else {
                return .failure(CalDAVFailure(transient: false, message: "CalDAV PROPFIND \(CalDAVTransport.redacted(url)) answered no properties"))
            }
            return .success(response)
        }
    }

    /// A calendar collection that may hold events.
    static func isEventCalendar(_ response: DAVMultistatus.Response) -> Bool {
        guard let type = response.property("resourcetype"), type.child("calendar", DAVNamespace.caldav) != nil else { return false }
        guard let set = response.property("supported-calendar-component-set", DAVNamespace.caldav) else { return true }
        let components = set.children("comp", DAVNamespace.caldav)
        return components.isEmpty || components.contains { $0.attributes["name"]?.uppercased() == "VEVENT" }
    }
}
