/// The service's logs and metrics in one place: JSON-lines logs (phone numbers and tokens
/// masked) and the Prometheus counters `/metrics` serves. Handlers and loops report here;
/// nothing else in the service knows about either format.
import Foundation
import Runtime

/// Logs and metrics of a running service.
public final class ServiceTelemetry: Sendable {
    /// The JSON-lines logger.
    public let logger: JSONLineLogger
    /// The metric families.
    public let metrics: ServiceMetrics

    /// Telemetry writing logs to `logger` (standard error by default).
    public init(logger: JSONLineLogger = JSONLineLogger(), metrics: ServiceMetrics = ServiceMetrics()) {
        self.logger = logger
        self.metrics = metrics
    }

    func log(_ level: LogLevel, _ message: String, _ fields: [String: LogValue] = [:]) {
        logger.log(level, message, fields)
    }

    /// Counts what the engine decided (offers sent, bookings made) and logs, at info, the
    /// journal lines an operator looks for in serve.log: freed slots and offers held by quiet hours.
    func observe(_ effects: [EngineEffect], business: String) {
        for effect in effects {
            switch effect {
            case .createBooking: metrics.bookings.increment()
            case .sendSMS(_, let template, _, _) where template == "offer": metrics.offers.increment()
            case .history(nil, let line):
                switch line.code {
                case .slotFreed?: log(.info, "slot freed", ["business": .string(business), "detail": .string(line.reason)])
                case .quietHours?: log(.info, "offers deferred by quiet hours", ["business": .string(business), "detail": .string(line.reason)])
                default: break
                }
            default: break
            }
        }
    }

    func smsDelivered(_ ok: Bool) {
        if ok { metrics.smsSent.increment() } else { metrics.smsFailed.increment() }
    }

    func setOutboxDepth(_ depth: Int) { metrics.outboxDepth.set(Double(depth)) }

    func countRequest(route: String, status: Int, seconds: Double) {
        metrics.recordRequest(route: route, status: status, seconds: seconds)
    }

    /// The Prometheus text exposition of every metric.
    public func renderMetrics() -> String { metrics.registry.render() }
}
