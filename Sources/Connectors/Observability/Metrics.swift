/// The service's metrics registry, scraped by Prometheus from `/metrics`: counters, gauges
/// and fixed-bucket histograms with labels, rendered in text exposition format 0.0.4.
/// Registration happens at start-up; updates are cheap and safe from any thread.

import Synchronization

/// A registry of metric families.
///
/// `Sendable`: the family table and every series table sit behind `Mutex`es.
public final class Metrics: Sendable {
    /// The `Content-Type` of `render()`'s output.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private enum Family {
        case counter(Counter)
        case gauge(Gauge)
        case histogram(Histogram)
    }

    private let families = Mutex<[String: Family]>([:])

    /// An empty registry.
    public init() {}

    /// The counter named `name`, registered on first use. Asking again returns the same one.
    /// If `name` is already a gauge or histogram, the counter returned is not rendered.
    public func counter(_ name: String, help: String) -> Counter {
        let name = MetricsText.sanitized(name, allowColon: true)
        return families.withLock { families in
            switch families[name] {
            case .counter(let existing): return existing
            case .none:
                let counter = Counter(name: name, help: help)
                families[name] = .counter(counter)
                return counter
            case .gauge, .histogram: return Counter(name: name, help: help)
            }
        }
    }

    /// The gauge named `name`, registered on first use (same rules as `counter`).
    public func gauge(_ name: String, help: String) -> Gauge {
        let name = MetricsText.sanitized(name, allowColon: true)
        return families.withLock { families in
            switch families[name] {
            case .gauge(let existing): return existing
            case .none:
                let gauge = Gauge(name: name, help: help)
                families[name] = .gauge(gauge)
                return gauge
            case .counter, .histogram: return Gauge(name: name, help: help)
            }
        }
    }

    /// The histogram named `name` with upper bounds `buckets` (sorted and de-duplicated;
    /// `+Inf` is implicit), registered on first use (same rules as `counter`; a second call
    /// returns the first histogram with its original buckets).
    public func histogram(_ name: String, help: String, buckets: [Double] = Histogram.defaultBuckets) -> Histogram {
        let name = MetricsText.sanitized(name, allowColon: true)
        return families.withLock { families in
            switch families[name] {
            case .histogram(let existing): return existing
            case .none:
                let histogram = Histogram(name: name, help: help, buckets: buckets)
                families[name] = .histogram(histogram)
                return histogram
            case .counter, .gauge: return Histogram(name: name, help: help, buckets: buckets)
            }
        }
    }

    /// Every family in name order, each with `# HELP`, `# TYPE` and its series in label order.
    public func render() -> String {
        let snapshot = families.withLock { families in
            families.sorted { $0.key < $1.key }.map(\.value)
        }
        var out = ""
        for family in snapshot {
            switch family {
            case .counter(let counter): out += counter.render()
            case .gauge(let gauge): out += gauge.render()
            case .histogram(let histogram): out += histogram.render()
            }
        }
        return out
    }
}
