/// One user's calendar on the shared Radicale test server, edited the way another client (the
/// restaurant's calendar app, its CRM) would: raw CalDAV requests over real HTTP.
import Foundation
import Runtime
@testable import Connectors

/// A fresh calendar collection on `RadicaleServer.shared`.
struct RadicaleCalendar {
    let user: String
    /// The collection URL, ending with `/`.
    let url: String
    private let client = CurlHTTPClient()

    /// Creates a new user and calendar (`MKCOL` + `MKCALENDAR`).
    init(server: RadicaleServer, name: String = "bistrot") throws {
        user = "u\(UUID().uuidString.prefix(8).lowercased())"
        url = "\(server.baseURL)/\(user)/\(name)/"
        _ = try request("MKCOL", "\(server.baseURL)/\(user)/")
        let made = try request("MKCALENDAR", url)
        guard made.status == 201 else { throw LiveServiceError("MKCALENDAR answered \(made.status)") }
    }

    /// The settings a business uses to reach this calendar.
    var settings: ConnectionSettings {
        ConnectionSettings(sms: .console, calendar: .caldav(url: url, username: user, password: "secret", bearerToken: nil,
                                                           calendarName: nil))
    }

    /// One request with this user's credentials.
    @discardableResult
    func request(_ method: String, _ target: String, _ body: String = "") throws -> OutboundHTTPResponse {
        let auth = OutboundHTTPRequest.Header("Authorization", "Basic " + Data("\(user):secret".utf8).base64EncodedString())
        return try client.send(OutboundHTTPRequest(method: method, url: target,
                                                   headers: [auth, .init("Content-Type", "text/calendar")],
                                                   body: Array(body.utf8))).get()
    }

    /// Books `uid` for `minutes` from `start`, as another client would.
    func book(_ uid: String, at start: Instant, minutes: Int = 30) throws {
        let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//crm//EN\r\nBEGIN:VEVENT\r\nUID:\(uid)\r\nDTSTAMP:20250101T000000Z\r\n"
            + "DTSTART:\(start.iCalendarUTC)\r\nDTEND:\((start + .seconds(Int64(minutes) * 60)).iCalendarUTC)\r\n"
            + "SUMMARY:Table\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        let status = try request("PUT", url + "\(uid).ics", ics).status
        guard (200..<300).contains(status) else { throw LiveServiceError("PUT \(uid) answered \(status)") }
    }

    /// Deletes `uid`, as another client would.
    func cancel(_ uid: String) throws {
        let status = try request("DELETE", url + "\(uid).ics").status
        guard (200..<300).contains(status) else { throw LiveServiceError("DELETE \(uid) answered \(status)") }
    }

    /// The iCalendar text of `uid`, or nil when the calendar has no such event.
    func event(_ uid: String) throws -> String? {
        let response = try request("GET", url + "\(uid).ics")
        return response.status == 200 ? response.text : nil
    }

    /// Fills every half hour from `from` to `to` (exclusive, `HH:MM`) with `tables` bookings
    /// named `crm-<minute of day>-<table>`.
    func fill(from: String, to: String, tables: Int, times: LiveServiceTimes = LiveServiceTimes()) throws {
        func minutes(_ text: String) -> Int {
            let parts = text.split(separator: ":").compactMap { Int($0) }
            return parts[0] * 60 + parts[1]
        }
        for minute in stride(from: minutes(from), to: minutes(to), by: 30) {
            let start = times.at(String(format: "%02d:%02d", minute / 60, minute % 60))
            for table in 0..<tables { try book("crm-\(minute)-\(table)", at: start) }
        }
    }
}
