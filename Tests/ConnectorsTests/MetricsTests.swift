import Foundation
import Testing
@testable import Connectors

@Suite struct MetricsTests {
    @Test func countersRenderSortedWithHelpAndType() {
        let metrics = Metrics()
        let requests = metrics.counter("speedai_http_requests_total", help: "HTTP requests answered.")
        requests.increment(labels: ["status": "200", "route": "/waitlist/:token"])
        requests.increment(labels: ["route": "/waitlist/:token", "status": "200"], by: 2)
        requests.increment(labels: ["route": "/api/slots", "status": "404"])
        requests.increment(labels: ["route": "/api/slots", "status": "404"], by: -5)
        let sms = metrics.counter("speedai_sms_sent_total", help: "SMS sent.")
        _ = sms
        #expect(metrics.render() == """
            # HELP speedai_http_requests_total HTTP requests answered.
            # TYPE speedai_http_requests_total counter
            speedai_http_requests_total{route="/api/slots",status="404"} 1
            speedai_http_requests_total{route="/waitlist/:token",status="200"} 3
            # HELP speedai_sms_sent_total SMS sent.
            # TYPE speedai_sms_sent_total counter
            speedai_sms_sent_total 0

            """)
        #expect(requests.value(labels: ["route": "/waitlist/:token", "status": "200"]) == 3)
    }

    @Test func registeringTwiceReturnsTheSameMetric() {
        let metrics = Metrics()
        metrics.counter("a_total", help: "A.").increment()
        metrics.counter("a_total", help: "A.").increment()
        #expect(metrics.counter("a_total", help: "A.").value() == 2)
        // A clashing kind is detached rather than corrupting the exposition.
        metrics.gauge("a_total", help: "Clash.").set(7)
        #expect(metrics.render().contains("a_total 2"))
        #expect(!metrics.render().contains("gauge"))
    }

    @Test func gaugesGoUpAndDown() {
        let metrics = Metrics()
        let depth = metrics.gauge("speedai_outbox_depth", help: "Messages waiting.")
        depth.set(5)
        depth.add(-2)
        depth.add(0.5)
        #expect(depth.value() == 3.5)
        #expect(metrics.render() == "# HELP speedai_outbox_depth Messages waiting.\n# TYPE speedai_outbox_depth gauge\nspeedai_outbox_depth 3.5\n")
    }

    @Test func histogramsAreCumulativeWithSumAndCount() {
        let metrics = Metrics()
        let duration = metrics.histogram("d_seconds", help: "Durations.", buckets: [0.1, 0.01, 1, 0.1])
        #expect(duration.buckets == [0.01, 0.1, 1])
        for value in [0.005, 0.05, 0.05, 2.0] { duration.observe(value, labels: ["route": "r"]) }
        duration.observe(.nan, labels: ["route": "r"])
        #expect(duration.count(labels: ["route": "r"]) == 4)
        #expect(metrics.render() == """
            # HELP d_seconds Durations.
            # TYPE d_seconds histogram
            d_seconds_bucket{route="r",le="0.01"} 1
            d_seconds_bucket{route="r",le="0.1"} 3
            d_seconds_bucket{route="r",le="1"} 3
            d_seconds_bucket{route="r",le="+Inf"} 4
            d_seconds_sum{route="r"} 2.105
            d_seconds_count{route="r"} 4

            """)
    }

    @Test func labelValuesAndHelpAreEscaped() {
        let metrics = Metrics()
        metrics.counter("x_total", help: "Back\\slash\nnewline").increment(labels: ["v": "a\"b\\c\nd", "bad-name": "1"])
        let text = metrics.render()
        #expect(text.contains("# HELP x_total Back\\\\slash\\nnewline\n"))
        #expect(text.contains(#"x_total{bad_name="1",v="a\"b\\c\nd"} 1"#))
    }

    @Test func invalidMetricNamesAreSanitized() {
        let metrics = Metrics()
        metrics.counter("9 bad-name", help: "h").increment()
        #expect(metrics.render().contains("_9_bad_name 1"))
    }

    @Test func concurrentIncrementsAreAllCounted() {
        let metrics = Metrics()
        let counter = metrics.counter("c_total", help: "c")
        let histogram = metrics.histogram("h_seconds", help: "h")
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for _ in 0..<1000 {
                counter.increment(labels: ["w": String(worker % 2)])
                histogram.observe(0.003)
            }
        }
        #expect(counter.value(labels: ["w": "0"]) + counter.value(labels: ["w": "1"]) == 8000)
        #expect(histogram.count() == 8000)
    }

    @Test func serviceMetricsRegistersTheServiceFamilies() {
        let service = ServiceMetrics()
        service.recordRequest(route: "/o/:token/oui", status: 200, seconds: 0.004)
        service.smsSent.increment()
        service.outboxDepth.set(3)
        let text = service.registry.render()
        for name in ["speedai_http_requests_total", "speedai_http_request_duration_seconds", "speedai_sms_sent_total",
                     "speedai_sms_failed_total", "speedai_offers_total", "speedai_bookings_total", "speedai_outbox_depth"] {
            #expect(text.contains("# TYPE \(name) "))
        }
        #expect(text.contains(#"speedai_http_requests_total{route="/o/:token/oui",status="200"} 1"#))
        #expect(text.contains(#"speedai_http_request_duration_seconds_count{route="/o/:token/oui"} 1"#))
        #expect(text.contains("speedai_outbox_depth 3\n"))
        #expect(Metrics.contentType == "text/plain; version=0.0.4; charset=utf-8")
    }
}
