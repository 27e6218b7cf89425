/// The router's path split (bytes for ASCII paths, characters otherwise, the same segments)
/// and the route labels it gives metrics.
import Testing
@testable import Connectors

@Suite struct ServiceRouterPathTests {
    @Test(arguments: ["/", "", "/waitlist/abc", "//waitlist//abc/", "/o/x/oui?y", "/api/v1/waitlist/trigger",
                      "/a\r\n/b", "/é/ü/", "/\u{301}/x", "no-slash"])
    func partsAsCharacters(path: String) {
        #expect(ServiceRouter.pathParts(path) == path.split(separator: "/", omittingEmptySubsequences: true).map(String.init))
    }

    @Test func routeLabelsComeFromTheRouteTableOnly() {
        let cases: [(String, String)] = [
            ("/waitlist/S3cretLinkValue", "/waitlist/{token}"), ("/waitlist/S3cret/merci", "/waitlist/{token}/merci"),
            ("/o/S3cret/oui", "/o/{token}/{answer}"), ("/api/v1/admin/entries.csv", "/api/v1/admin/entries.csv"),
            ("/api/v1/admin/sessions/current", "/api/v1/admin/sessions/current"),
            ("/dashboard/entries/demo/12/notify", "/dashboard/entries/{business}/{id}/notify"),
            ("/dashboard/c1", "other"), ("/api/v1/nothing", "other"), ("/", "other"), ("/_test/clock", "other"),
            ("/waitlist/a/b/c", "other"),
        ]
        for (path, label) in cases {
            #expect(ServiceRouter.routeLabel(ServiceRouter.pathParts(path), testClock: false) == label, "\(path)")
        }
        #expect(ServiceRouter.routeLabel(["_test", "clock"], testClock: true) == "/_test/clock")
    }

    /// Issue 13: 120 000 typed `/dashboard/c<i>` paths made 120 000 series; a link secret typed
    /// as a path became a label.
    @Test func typedPathsNeverBecomeMetricSeries() throws {
        let fixture = try ServiceFixture()
        let router = ServiceRouter(service: fixture.service)
        for index in 0..<200 {
            _ = router.handle(HTTPRequest(method: "GET", path: "/dashboard/c\(index)"))
        }
        _ = router.handle(HTTPRequest(method: "GET", path: "/waitlist/PlantedSecretValue"))
        _ = router.handle(HTTPRequest(method: "GET", path: "/PlantedSecretValue/x"))
        let text = fixture.service.telemetry.renderMetrics()
        #expect(!text.contains("/dashboard/c"))
        #expect(!text.contains("PlantedSecretValue"))
        let otherSeries = text.split(separator: "\n").filter { $0.hasPrefix("speedai_http_requests_total{route=\"other\"") }
        #expect(otherSeries.count >= 1)
        #expect(otherSeries.reduce(0) { $0 + (Int($1.split(separator: " ").last ?? "") ?? 0) } == 201)
        #expect(text.contains(#"speedai_http_requests_total{route="/waitlist/{token}",status="#))
    }
}
