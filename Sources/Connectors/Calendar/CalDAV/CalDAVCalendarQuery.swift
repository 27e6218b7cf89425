/// Point checks of a time window: RFC 4791 `calendar-query` (section 7.8) with a VEVENT
/// `time-range` filter (section 9.9), optionally asking the server to `expand` recurring
/// series (section 9.6.5). Whatever the server sends back is expanded again here, with the
/// establishment's zone: `expand` answers in UTC and a server reads floating times in its
/// own idea of the calendar's zone, so the filter window is widened by a day on each side
/// and the exact overlap is decided locally.
import Foundation
import Runtime

/// One booking seen by a calendar-query, with when it was first written.
struct CalDAVQueriedBooking: Sendable, Equatable {
    var booking: TapeBooking
    /// `X-SPEEDAI-STAMP`, CREATED or DTSTAMP, Unix seconds; 0 when unknown.
    var stamp: Double
}

/// Runs calendar-query reports on one calendar.
struct CalDAVCalendarQuery: Sendable {
    let transport: CalDAVTransport
    let zone: ZoneConverter

    /// Bookings overlapping `[from, to)` in `calendar`.
    func bookings(in calendar: String, from: Instant, to: Instant, expand: Bool) -> Result<[CalDAVQueriedBooking], CalDAVFailure> {
        let wideStart = CalDAVEventText.utc(from - .seconds(86_400))
        let wideEnd = CalDAVEventText.utc(to + .seconds(86_400))
        let expansion = expand ? "<c:expand start=\"\(wideStart)\" end=\"\(wideEnd)\"/>" : ""
        let body = """
            <?xml version="1.0" encoding="utf-8"?>
            <c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
              <d:prop><d:getetag/><c:calendar-data>\(expansion)</c:calendar-data></d:prop>
              <c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT">
                <c:time-range start="\(wideStart)" end="\(wideEnd)"/>
              </c:comp-filter></c:comp-filter></c:filter>
            </c:calendar-query>
            """
        let answer: DAVMultistatus
        switch transport.multistatus("REPORT", calendar, depth: "1", xml: body) {
        case .failure(let failure): return .failure(failure)
        case .success(let multistatus): answer = multistatus
        }
        var result: [CalDAVQueriedBooking] = []
        for response in answer.responses {
            guard let ics = response.property("calendar-data", DAVNamespace.caldav)?.text else { continue }
            // An unreadable event cannot be counted; the read path reports it.
            guard case .success(let parsed) = CalDAVParseCache.parse(ics, name: response.href) else { continue }
            let stamps = CalDAVEventText.stamps(in: ics)
            for booking in CalDAVBusyCalendar.bookings(in: [parsed], from: from, to: to, zone: zone) {
                result.append(CalDAVQueriedBooking(booking: booking, stamp: stamps[booking.uid] ?? 0))
            }
        }
        return .success(result)
    }
}
