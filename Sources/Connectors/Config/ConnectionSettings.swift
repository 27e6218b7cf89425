/// Where a business's calendar and SMS live, outside its rule file: the rule file says how
/// the waitlist behaves and is shared freely; connection settings name accounts, and their
/// secrets come only from environment variables. One JSON file per business:
/// `DATA/config/<business_id>.json`.
///
///     {
///       "sms": {"provider": "twilio", "account_sid": "AC…", "auth_token_env": "BISTROT_TWILIO_TOKEN",
///               "from": "+33757000000"},
///       "calendar": {"provider": "google", "calendar_id": "primary", "client_id": "…",
///                    "client_secret_env": "BISTROT_GOOGLE_SECRET", "refresh_token_env": "BISTROT_GOOGLE_REFRESH",
///                    "push": true}
///     }

/// The validated connection settings of one business.
public struct ConnectionSettings: Sendable, Equatable {
    /// How SMS leave.
    public enum SMS: Sendable, Equatable {
        /// The embedded default: `DATA/sms.jsonl` (and the console in demo mode).
        case console
        /// Twilio's Messages API.
        case twilio(accountSID: String, authToken: String, from: String?, messagingServiceSID: String?,
                    statusCallback: Bool, baseURL: String)
        /// Brevo transactional SMS.
        case brevo(apiKey: String, sender: String, baseURL: String)
    }

    /// Where the calendar is.
    public enum Calendar: Sendable, Equatable {
        /// The embedded default: the local calendar in the database.
        case local
        /// Google Calendar v3.
        case google(calendarID: String, clientID: String, clientSecret: String, refreshToken: String,
                    tokenURL: String, apiBaseURL: String, push: Bool)
        /// A CalDAV collection (most CRMs).
        case caldav(url: String, username: String?, password: String?, bearerToken: String?,
                    calendarName: String?)
    }

    public var sms: SMS
    public var calendar: Calendar

    /// The embedded default.
    public static let embedded = ConnectionSettings(sms: .console, calendar: .local)

    /// Settings from their parts.
    public init(sms: SMS, calendar: Calendar) {
        self.sms = sms
        self.calendar = calendar
    }

    /// One line for `check-config`: which connector each side uses, secrets never shown.
    public var summary: String {
        let smsText: String
        switch sms {
        case .console: smsText = "sms console (DATA/sms.jsonl)"
        case let .twilio(account, _, from, service, callback, _):
            smsText = "sms twilio (account \(account.prefix(6))…, "
                + (service.map { "messaging service \($0.prefix(6))…" } ?? "from \(from ?? "?")")
                + (callback ? ", status callbacks" : "") + ")"
        case let .brevo(_, sender, _): smsText = "sms brevo (sender \(sender))"
        }
        let calendarText: String
        switch calendar {
        case .local: calendarText = "calendar local (DATA/speedai.db)"
        case let .google(calendarID, _, _, _, _, _, push):
            calendarText = "calendar google (\(calendarID), " + (push ? "push + polling" : "polling") + ")"
        case let .caldav(url, username, _, bearer, name):
            let auth = bearer != nil ? "bearer" : username != nil ? "basic" : "no auth"
            calendarText = "calendar caldav (\(url)\(name.map { ", \($0)" } ?? ""), \(auth))"
        }
        return "\(calendarText), \(smsText)"
    }
}
