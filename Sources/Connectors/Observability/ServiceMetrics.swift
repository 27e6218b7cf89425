/// The metrics the SpeedAI service exposes, registered in one place so names, help texts and
/// buckets are consistent and the handlers hold typed references instead of strings.

/// The service's metric families in one registry.
public struct ServiceMetrics: Sendable {
    /// The registry to render on `/metrics`.
    public let registry: Metrics
    /// `speedai_http_requests_total{route,status}`.
    public let httpRequests: Metrics.Counter
    /// `speedai_http_request_duration_seconds{route}`.
    public let httpRequestDuration: Metrics.Histogram
    /// `speedai_sms_sent_total`.
    public let smsSent: Metrics.Counter
    /// `speedai_sms_failed_total`.
    public let smsFailed: Metrics.Counter
    /// `speedai_offers_total`.
    public let offers: Metrics.Counter
    /// `speedai_bookings_total`.
    public let bookings: Metrics.Counter
    /// `speedai_outbox_depth`.
    public let outboxDepth: Metrics.Gauge
    /// `speedai_calendar_read_errors_total{business}`.
    public let calendarReadErrors: Metrics.Counter
    /// `speedai_calendar_seconds_since_good_read{business}`.
    public let calendarSecondsSinceGoodRead: Metrics.Gauge
    /// `speedai_calendar_unavailable{business}`.
    public let calendarUnavailable: Metrics.Gauge

    /// Registers the service's families in `registry`.
    public init(registry: Metrics = Metrics()) {
        self.registry = registry
        httpRequests = registry.counter("speedai_http_requests_total", help: "HTTP requests answered, by route and status code.")
        httpRequestDuration = registry.histogram("speedai_http_request_duration_seconds",
                                                 help: "Time from request headers read to response queued, by route.")
        smsSent = registry.counter("speedai_sms_sent_total", help: "SMS handed to the provider successfully.")
        smsFailed = registry.counter("speedai_sms_failed_total", help: "SMS the provider refused or that failed after all retries.")
        offers = registry.counter("speedai_offers_total", help: "Slot offers made to waitlist customers.")
        bookings = registry.counter("speedai_bookings_total", help: "Bookings confirmed from waitlist offers.")
        outboxDepth = registry.gauge("speedai_outbox_depth", help: "Messages waiting in the outbox.")
        calendarReadErrors = registry.counter("speedai_calendar_read_errors_total",
                                              help: "Calendar reads that failed (authentication, not found, network, timeout), by establishment.")
        calendarSecondsSinceGoodRead = registry.gauge("speedai_calendar_seconds_since_good_read",
                                                      help: "Seconds since the calendar was last read successfully (since the first try when no read succeeded yet), by establishment.")
        calendarUnavailable = registry.gauge("speedai_calendar_unavailable",
                                             help: "1 when the establishment's last calendar read failed, else 0.")
    }

    /// Counts one answered request under its route pattern (not the raw path, which holds
    /// tokens and would make unbounded series) and records its duration.
    public func recordRequest(route: String, status: Int, seconds: Double) {
        httpRequests.increment(labels: ["route": route, "status": String(status)])
        httpRequestDuration.observe(seconds, labels: ["route": route])
    }
}
