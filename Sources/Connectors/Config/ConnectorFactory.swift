/// Builds a business's connectors from its connection settings: one shared libcurl client for
/// every provider, the embedded default for whatever the settings leave out.
import Runtime

/// Turns connection settings into connectors.
public struct ConnectorFactory: Sendable {
    /// The embedded default's connectors.
    public var defaults: BusinessConnectors
    /// The HTTP client every provider connector shares.
    public var client: any HTTPClient
    /// The service's public base URL (Twilio status callbacks, Google push address).
    public var publicURL: String
    /// The service clock (token expiry, channel renewal).
    public var clock: any ServiceClock

    /// A factory from its parts.
    public init(defaults: BusinessConnectors, client: any HTTPClient, publicURL: String, clock: any ServiceClock) {
        self.defaults = defaults
        self.client = client
        self.publicURL = publicURL
        self.clock = clock
    }

    /// The connectors for `settings`; `timeZone` (the business's) reads floating calendar times.
    public func connectors(for settings: ConnectionSettings, timeZone: String = "Europe/Paris") -> BusinessConnectors {
        var connectors = defaults
        switch settings.sms {
        case .console: break
        case let .twilio(account, token, from, service, callback, baseURL):
            let configuration = TwilioConfiguration(accountSID: account, authToken: token, from: from,
                                                    messagingServiceSID: service,
                                                    statusCallbackURL: callback ? "\(publicURL)/webhooks/twilio/status" : nil,
                                                    baseURL: baseURL)
            connectors.sms = TwilioSMSSender(configuration: configuration, client: client)
        case let .brevo(key, sender, baseURL):
            connectors.sms = BrevoSMSSender(configuration: BrevoConfiguration(apiKey: key, sender: sender, baseURL: baseURL),
                                            client: client)
        }
        switch settings.calendar {
        case .local: break
        case let .google(calendarID, clientID, secret, refresh, tokenURL, apiBase, push):
            let configuration = GoogleCalendarConfiguration(calendarID: calendarID, clientID: clientID, clientSecret: secret,
                                                            refreshToken: refresh, tokenURL: tokenURL, apiBaseURL: apiBase,
                                                            pushAddress: push ? "\(publicURL)/webhooks/google/calendar" : nil,
                                                            defaultTimeZone: timeZone)
            let clock = self.clock
            connectors.calendar = GoogleCalendarGateway(configuration: configuration, client: client, now: { clock.now() })
        case let .caldav(url, username, password, bearer, name):
            let configuration = CalDAVConfiguration(url: url, username: username, password: password, bearerToken: bearer,
                                                    calendarName: name, timeZone: timeZone)
            connectors.calendar = CalDAVGateway(configuration: configuration, client: client)
        }
        return connectors
    }
}
