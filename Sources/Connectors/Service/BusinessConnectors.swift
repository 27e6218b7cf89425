/// The providers one business uses: where its calendar is read and written, and how its SMS
/// leave. The embedded default (local calendar, SMS file) serves every business that has no
/// connection settings of its own.

/// A business's calendar and SMS connectors.
public struct BusinessConnectors: Sendable {
    /// The calendar (local, Google Calendar, CalDAV).
    public var calendar: any CalendarGateway
    /// The SMS provider (file sink, Twilio, Brevo).
    public var sms: any SMSSender

    /// Connectors from their parts.
    public init(calendar: any CalendarGateway, sms: any SMSSender) {
        self.calendar = calendar
        self.sms = sms
    }
}
