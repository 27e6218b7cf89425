/// The emulated `POST /freeBusy`: `{"timeMin","timeMax","items":[{"id"}]}` answered with each
/// calendar's busy periods (confirmed or tentative, opaque, timed events, merged where they
/// overlap and clipped to the window), and `errors: [{"reason":"notFound"}]` for a calendar
/// it does not know, as Google reports per-calendar failures inside a 200.
import Connectors
import Foundation
import Runtime

extension GoogleEmulatorCore {
    func freeBusy(_ request: HTTPRequest) -> HTTPResponse {
        let object: [String: Any]
        switch Self.body(request) {
        case .success(let value): object = value
        case .failure(let error): return Self.error(error)
        }
        guard let minText = object["timeMin"] as? String, let maxText = object["timeMax"] as? String else {
            return Self.error(GoogleEmulatorError(status: 400, reason: "required", message: "Missing timeMin or timeMax."))
        }
        guard let timeMin = GoogleTime.parse(minText, zone: zone), let timeMax = GoogleTime.parse(maxText, zone: zone), timeMin < timeMax else {
            return Self.error(GoogleEmulatorError(status: 400, reason: "timeRangeEmpty", message: "The specified time range is empty."))
        }
        let ids = (object["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        let events = state.withLock { Array($0.events.values) }
        var periods: [(start: Instant, end: Instant)] = []
        for event in events where event.status != "cancelled" && event.transparency != "transparent" && event.start.date == nil {
            guard let span = span(event), span.start < timeMax, span.end > timeMin else { continue }
            periods.append((max(span.start, timeMin), min(span.end, timeMax)))
        }
        periods.sort { $0.start < $1.start }
        var merged: [(start: Instant, end: Instant)] = []
        for period in periods {
            if let last = merged.last, period.start <= last.end {
                merged[merged.count - 1].end = max(last.end, period.end)
            } else {
                merged.append(period)
            }
        }
        var calendars: [String: Any] = [:]
        for id in ids {
            if id == calendarID || id == calendarAlias {
                calendars[id] = ["busy": merged.map { ["start": GoogleTime.format($0.start), "end": GoogleTime.format($0.end)] }]
            } else {
                calendars[id] = ["errors": [["domain": "global", "reason": "notFound"]], "busy": [[String: String]]()]
            }
        }
        return Self.json(["kind": "calendar#freeBusy", "timeMin": GoogleTime.format(timeMin), "timeMax": GoogleTime.format(timeMax),
                          "calendars": calendars])
    }
}
