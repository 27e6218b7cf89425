/// Histograms: distributions (request durations) counted into fixed buckets, exposed as
/// cumulative `_bucket{le=...}` series plus `_sum` and `_count`.

import Synchronization

extension Metrics {
    /// Observations counted into fixed upper-bound buckets, per label set.
    public final class Histogram: Sendable {
        /// Upper bounds in seconds suited to HTTP handlers answering from memory and SQLite.
        public static let defaultBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

        /// The counts of one label set.
        private struct Series {
            var bucketCounts: [Int]
            var sum: Double = 0
            var count = 0

            /// Both stripes' counts together.
            static func + (left: Series, right: Series) -> Series {
                Series(bucketCounts: zip(left.bucketCounts, right.bucketCounts).map { $0 + $1 },
                       sum: left.sum + right.sum, count: left.count + right.count)
            }

            mutating func record(_ value: Double, inBucket bucket: Int) {
                bucketCounts[bucket] += 1
                sum += value
                count += 1
            }
        }

        /// The metric name.
        public let name: String
        /// The `# HELP` text.
        public let help: String
        /// The finite upper bounds, ascending; `+Inf` is implicit.
        public let buckets: [Double]
        private let series = StripedSeries<Series>()

        init(name: String, help: String, buckets: [Double]) {
            self.name = name
            self.help = help
            self.buckets = Array(Set(buckets.filter(\.isFinite))).sorted()
        }

        /// Counts `value` in the series for `labels`. NaN is ignored.
        public func observe(_ value: Double, labels: [String: String] = [:]) {
            guard !value.isNaN else { return }
            let key = MetricLabels(labels)
            let bucket = buckets.firstIndex { value <= $0 } ?? buckets.count
            let empty = buckets.count + 1
            // One lookup under the calling thread's stripe lock (every request observes its duration here).
            series.update(key, initial: Series(bucketCounts: Array(repeating: 0, count: empty))) { $0.record(value, inBucket: bucket) }
        }

        /// Observations so far for `labels`.
        public func count(labels: [String: String] = [:]) -> Int {
            let key = MetricLabels(labels)
            return series.values(for: key).reduce(0) { $0 + $1.count }
        }

        func render() -> String {
            let snapshot = series.merged(+)
            var blocks: [(key: String, text: String)] = []
            for (labels, counts) in snapshot {
                var text = ""
                var cumulative = 0
                for (index, bound) in (buckets + [Double.infinity]).enumerated() {
                    cumulative += counts.bucketCounts[index]
                    let le = MetricLabels.Pair(name: "le", value: MetricsText.number(bound))
                    text += "\(name)_bucket\(labels.rendered(extra: le)) \(cumulative)\n"
                }
                text += "\(name)_sum\(labels.rendered()) \(MetricsText.number(counts.sum))\n"
                text += "\(name)_count\(labels.rendered()) \(counts.count)\n"
                blocks.append((key: labels.rendered(), text: text))
            }
            return MetricsText.header(name: name, help: help, type: "histogram")
                + blocks.sorted { $0.key < $1.key }.map(\.text).joined()
        }
    }
}
