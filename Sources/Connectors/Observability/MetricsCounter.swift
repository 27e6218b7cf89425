/// Counters: values that only go up (requests served, SMS sent), one series per label set.

import Synchronization

extension Metrics {
    /// A monotonically increasing count per label set.
    public final class Counter: Sendable {
        /// The metric name.
        public let name: String
        /// The `# HELP` text.
        public let help: String
        private let series = StripedSeries<Int>()

        init(name: String, help: String) {
            self.name = name
            self.help = help
        }

        /// Adds `amount` to the series for `labels`. Negative amounts are ignored: a counter never goes down.
        public func increment(labels: [String: String] = [:], by amount: Int = 1) {
            guard amount > 0 else { return }
            let key = MetricLabels(labels)
            series.update(key, initial: 0) { $0 &+= amount }
        }

        /// The current count for `labels` (0 if never incremented).
        public func value(labels: [String: String] = [:]) -> Int {
            let key = MetricLabels(labels)
            return series.values(for: key).reduce(0, &+)
        }

        func render() -> String {
            var lines = series.merged(&+).map { "\(name)\($0.key.rendered()) \($0.value)\n" }
            if lines.isEmpty { lines = ["\(name) 0\n"] }
            return MetricsText.header(name: name, help: help, type: "counter") + lines.sorted().joined()
        }
    }
}
