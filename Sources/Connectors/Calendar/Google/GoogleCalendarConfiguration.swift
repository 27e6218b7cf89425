/// How one business's Google Calendar is reached: which calendar, the OAuth 2.0 client and
/// the refresh token the admin granted, the endpoints (overridable so tests and demos point
/// at the local emulator), and whether Google should push change notifications to us.

/// Settings of a `GoogleCalendarGateway`.
public struct GoogleCalendarConfiguration: Sendable {
    /// The calendar to read and write (`primary`, or an id such as `abc@group.calendar.google.com`).
    public var calendarID: String
    /// The OAuth 2.0 client id.
    public var clientID: String
    /// The OAuth 2.0 client secret.
    public var clientSecret: String
    /// The long-lived refresh token obtained when the admin connected the calendar.
    public var refreshToken: String
    /// Google's OAuth 2.0 token endpoint.
    public var tokenURL: String
    /// The Calendar API v3 root, without a trailing slash.
    public var apiBaseURL: String
    /// Our public webhook URL (HTTPS) for push notifications; nil polls only.
    public var pushAddress: String?
    /// Seconds a push channel should live (`params.ttl`); Google may grant less.
    public var channelLifetime: Int
    /// Whole-request timeout for each call to Google, seconds.
    public var timeout: Double
    /// The zone of floating times (a `dateTime` without offset and no `timeZone`) when the
    /// calendar's own zone is unknown.
    public var defaultTimeZone: String

    /// A configuration; only the credentials have no default.
    public init(calendarID: String = "primary", clientID: String, clientSecret: String, refreshToken: String,
                tokenURL: String = "https://oauth2.googleapis.com/token",
                apiBaseURL: String = "https://www.googleapis.com/calendar/v3",
                pushAddress: String? = nil, channelLifetime: Int = 7 * 86_400, timeout: Double = 10,
                defaultTimeZone: String = "Europe/Paris") {
        self.calendarID = calendarID
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.refreshToken = refreshToken
        self.tokenURL = tokenURL
        self.apiBaseURL = apiBaseURL
        self.pushAddress = pushAddress
        self.channelLifetime = channelLifetime
        self.timeout = timeout
        self.defaultTimeZone = defaultTimeZone
    }
}
