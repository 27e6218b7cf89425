/// Striped metric series: increments from many threads land in different stripes, and every
/// read (`value`, `count`, `/metrics`) still sees their sum.
import Foundation
import Testing
@testable import Connectors

@Suite struct StripedSeriesTests {
    @Test func countsFromManyThreadsAddUp() {
        let metrics = Metrics()
        let counter = metrics.counter("test_requests_total", help: "requests")
        let histogram = metrics.histogram("test_duration_seconds", help: "durations")
        let threads = 24, perThread = 1_000
        let done = DispatchGroup()
        for _ in 0..<threads {
            done.enter()
            Thread.detachNewThread {
                for index in 0..<perThread {
                    counter.increment(labels: ["route": index % 2 == 0 ? "/a" : "/b"])
                    histogram.observe(0.001, labels: ["route": "/a"])
                }
                done.leave()
            }
        }
        done.wait()
        #expect(counter.value(labels: ["route": "/a"]) + counter.value(labels: ["route": "/b"]) == threads * perThread)
        #expect(histogram.count(labels: ["route": "/a"]) == threads * perThread)
        let text = metrics.render()
        #expect(text.contains("test_requests_total{route=\"/a\"} \(threads * perThread / 2)\n"))
        #expect(text.contains("test_duration_seconds_count{route=\"/a\"} \(threads * perThread)\n"))
    }
}
