import Runtime
public struct CalDAVConfiguration: Sendable { var url: String; var username: String?; var password: String?; var bearerToken: String?; var calendarName: String? }
public final class CalDAVGateway: CalendarGateway { public let provider = "caldav"
    public init(configuration: CalDAVConfiguration, client: any HTTPClient) {}
    public func read(business: String, from: Instant, state: String?) throws(CalendarError) -> CalendarSnapshot { throw CalendarError("stub") }
    public func apply(_ operation: CalendarOperation) -> DeliveryResult { .permanent("stub") } }
