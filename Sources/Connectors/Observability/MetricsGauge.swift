/// Gauges: values that go up and down (outbox depth), one series per label set.

import Synchronization

extension Metrics {
    /// A current value per label set.
    public final class Gauge: Sendable {
        /// The metric name.
        public let name: String
        /// The `# HELP` text.
        public let help: String
        private let series = Mutex<[MetricLabels: Double]>([:])

        init(name: String, help: String) {
            self.name = name
            self.help = help
        }

        /// Sets the series for `labels` to `value`.
        public func set(_ value: Double, labels: [String: String] = [:]) {
            let key = MetricLabels(labels)
            series.withLock { $0[key] = value }
        }

        /// Adds `delta` (negative to decrease) to the series for `labels`.
        public func add(_ delta: Double, labels: [String: String] = [:]) {
            let key = MetricLabels(labels)
            series.withLock { $0[key, default: 0] += delta }
        }

        /// The current value for `labels` (0 if never set).
        public func value(labels: [String: String] = [:]) -> Double {
            let key = MetricLabels(labels)
            return series.withLock { $0[key] ?? 0 }
        }

        func render() -> String {
            var lines = series.withLock { series in
                series.map { "\(name)\($0.key.rendered()) \(MetricsText.number($0.value))\n" }
            }
            if lines.isEmpty { lines = ["\(name) 0\n"] }
            return MetricsText.header(name: name, help: help, type: "gauge") + lines.sorted().joined()
        }
    }
}
