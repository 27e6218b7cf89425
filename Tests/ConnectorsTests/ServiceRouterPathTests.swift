/// The router's path split: bytes for ASCII paths, characters otherwise, the same segments.
import Testing
@testable import Connectors

@Suite struct ServiceRouterPathTests {
    @Test(arguments: ["/", "", "/waitlist/abc", "//waitlist//abc/", "/o/x/oui?y", "/api/v1/waitlist/trigger",
                      "/a\r\n/b", "/é/ü/", "/\u{301}/x", "no-slash"])
    func partsAsCharacters(path: String) {
        #expect(ServiceRouter.pathParts(path) == path.split(separator: "/", omittingEmptySubsequences: true).map(String.init))
    }
}
