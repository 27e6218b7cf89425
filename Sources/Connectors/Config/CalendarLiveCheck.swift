/// `check-config --live`: contacts a business's calendar provider the way the service will
/// (authentication, the calendar found, one read of its bookings) and says in one line what
/// works or what is wrong. Nothing is written: a Google push channel is not opened.
import Foundation
import Runtime

/// The live check of one calendar.
public enum CalendarLiveCheck {
    /// What one check found.
    public enum Outcome: Sendable, Equatable {
        /// The calendar answered; `busy` bookings were read from the last day on.
        case readable(busy: Int)
        /// Nothing to contact (the local calendar lives in the service's database).
        case local
        /// The provider refused or did not answer; `problem` says why, on one line.
        case failed(problem: String)
    }

    /// Reads the calendar of `settings` once through `client`, as `business` would at `now`.
    public static func run(_ settings: ConnectionSettings.Calendar, business: String, timeZone: String = "Europe/Paris",
                           client: any HTTPClient, now: Instant) -> Outcome {
        let gateway: any CalendarGateway
        switch settings {
        case .local:
            return .local
        case let .google(calendarID, clientID, secret, refresh, tokenURL, apiBase, _):
            // No push address: a check must not open a notification channel.
            let configuration = GoogleCalendarConfiguration(calendarID: calendarID, clientID: clientID, clientSecret: secret,
                                                            refreshToken: refresh, tokenURL: tokenURL, apiBaseURL: apiBase,
                                                            pushAddress: nil, defaultTimeZone: timeZone)
            gateway = GoogleCalendarGateway(configuration: configuration, client: client, now: { now })
        case let .caldav(url, username, password, bearer, name):
            let configuration = CalDAVConfiguration(url: url, username: username, password: password, bearerToken: bearer,
                                                    calendarName: name, timeZone: timeZone)
            gateway = CalDAVGateway(configuration: configuration, client: client)
        }
        do {
            let snapshot = try gateway.read(business: business, from: now - .seconds(86_400), state: nil)
            return .readable(busy: snapshot.busy.count)
        } catch {
            return .failed(problem: error.description.split(whereSeparator: \.isNewline).joined(separator: " "))
        }
    }

    /// `local`, `google` or `caldav`.
    public static func providerName(_ settings: ConnectionSettings.Calendar) -> String {
        switch settings {
        case .local: return "local"
        case .google: return "google"
        case .caldav: return "caldav"
        }
    }

    /// The outcome as the command prints it after `business: `.
    public static func line(_ outcome: Outcome, provider: String) -> String {
        switch outcome {
        case .local: return "calendar local: nothing to contact"
        case .readable(let busy): return "calendar \(provider) ok: signed in, calendar found, \(busy) booking\(busy == 1 ? "" : "s") read"
        case .failed(let problem): return "calendar \(provider) unreadable: \(problem)"
        }
    }
}
