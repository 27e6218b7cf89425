/// Where a business's CalDAV calendar lives and how to sign in to it. The URL may name the
/// calendar collection itself or only the server / principal: the gateway then discovers
/// the calendar (RFC 4791 section 6.2.1, RFC 5397 current-user-principal).

/// The settings of one CalDAV calendar.
public struct CalDAVConfiguration: Sendable, Equatable {
    /// A calendar collection URL (`https://dav.example.com/alice/bistrot/`), or a server or
    /// principal URL to discover from (`https://dav.example.com/`).
    public var url: String
    /// Basic authentication user name (with `password`).
    public var username: String?
    /// Basic authentication password.
    public var password: String?
    /// OAuth bearer token; used instead of Basic when set.
    public var bearerToken: String?
    /// Which discovered calendar to use (display name or last path segment); the first
    /// calendar holding events when nil.
    public var calendarName: String?
    /// Whole-request timeout, seconds.
    public var timeout: Double
    /// The establishment's IANA time zone: floating times and all-day events are read in it.
    public var timeZone: String

    /// A configuration; only the URL is required.
    public init(url: String, username: String? = nil, password: String? = nil, bearerToken: String? = nil,
                calendarName: String? = nil, timeout: Double = 10, timeZone: String = "Europe/Paris") {
        self.url = url; self.username = username; self.password = password; self.bearerToken = bearerToken
        self.calendarName = calendarName; self.timeout = timeout; self.timeZone = timeZone
    }
}
