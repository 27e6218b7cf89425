/// Calendar health: whether an establishment's calendar can be read, and whether the copy the
/// engine holds is still fit to answer from. An unreadable calendar must never look empty:
/// the availability API refuses to answer from a stale copy, no offer goes out on one, and a
/// trigger cannot be refused as "slot available" on one (see docs/decisions.md, "Calendar
/// health (issue 13)").
import Foundation
import Runtime

/// What the service knows about one establishment's calendar at an instant.
struct CalendarHealth: Sendable, Equatable {
    /// The last read failed (authentication, calendar not found, DNS, timeout, TLS): `/healthz`
    /// reports the establishment and the dashboard shows a banner.
    var unavailable: Bool
    /// Unavailable, and no good read for more than twice the polling interval (or none since
    /// this process started): the copy may miss bookings, so nothing is answered or offered from it.
    var stale: Bool
    /// The last read's error, for the logs and the admin.
    var error: String?
    /// When this process last read the calendar successfully.
    var lastGoodRead: Instant?

    /// The health of a business's calendar from its state at `now`.
    init(_ state: BusinessState, now: Instant) {
        unavailable = state.calendarError != nil
        error = state.calendarError
        lastGoodRead = state.lastGoodRead
        stale = Self.isStale(error: state.calendarError, lastGoodRead: state.lastGoodRead, now: now,
                             pollInterval: state.engine.rules.pollInterval)
    }

    /// A failed last read makes the copy stale once the last good read is more than two
    /// polling intervals old: one missed read is tolerated, a second is not. A calendar that
    /// answers (even slowly, within its timeout) is never stale.
    static func isStale(error: String?, lastGoodRead: Instant?, now: Instant, pollInterval: Duration) -> Bool {
        guard error != nil else { return false }
        guard let lastGoodRead else { return true }
        return now - lastGoodRead > pollInterval + pollInterval
    }
}

extension WaitlistService {
    /// The calendar health of `business` now; nil for an unknown business.
    func calendarHealth(_ business: String) -> CalendarHealth? {
        let now = clock.now()
        return runtime(business)?.state.withLock { CalendarHealth($0, now: now) }
    }

    /// The businesses whose last calendar read failed, sorted.
    func businessesWithUnavailableCalendar() -> [String] {
        businessIDs.filter { calendarHealth($0)?.unavailable == true }.sorted()
    }

    /// Tells the engine when its calendar copy becomes too old to offer on, or fresh again,
    /// through a logged event (so a replay holds and resumes offers at the same points).
    func refreshCalendarHealth(_ business: String, now: Instant) {
        guard let runtime = runtime(business) else { return }
        let change = runtime.state.withLock { state -> Bool? in
            let stale = CalendarHealth(state, now: now).stale
            return stale != (state.engine.state.calendarStale ?? false) ? stale : nil
        }
        guard let stale = change else { return }
        do {
            let applied = try apply(.calendarHealth(stale: stale), to: business,
                                    onlyIf: { engine, _ in (engine.state.calendarStale ?? false) != stale },
                                    inspect: { _, _ in () })
            guard applied != nil else { return }
            if stale {
                telemetry.log(.warn, "calendar unreadable for more than twice its polling interval: offers wait",
                              ["business": .string(business)])
            } else {
                telemetry.log(.info, "calendar fresh again: offers resume", ["business": .string(business)])
            }
        } catch {
            telemetry.log(.error, "calendar health not applied", ["business": .string(business), "error": .string(error.description)])
        }
    }

    /// Sets the calendar gauges of `/metrics` to their values now.
    func updateCalendarMetrics() {
        let now = clock.now()
        for business in businessIDs {
            guard let (health, since) = runtime(business)?.state.withLock({ (CalendarHealth($0, now: now), $0.lastGoodRead ?? $0.firstPoll) })
            else { continue }
            let labels = ["business": business]
            telemetry.metrics.calendarUnavailable.set(health.unavailable ? 1 : 0, labels: labels)
            if let since {
                telemetry.metrics.calendarSecondsSinceGoodRead.set(Double((now - since).components.seconds), labels: labels)
            }
        }
    }

    /// The 503 the availability API answers when the calendar copy is stale.
    static func calendarUnavailableResponse(_ business: String) -> HTTPResponse {
        var response = JSONResponse.error(status: 503, code: "calendar_unavailable",
                                          message: "the calendar of '\(business)' cannot be read; availability is unknown, retry later")
        response.headers.append(("Retry-After", "30"))
        return response
    }
}
