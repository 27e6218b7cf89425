/// Keeps `openapi.yaml` in step with the router: every route the service serves is documented
/// with its method, nothing undocumented is served and nothing documented is missing, the
/// literal routes in the router sources all appear, and the file is valid YAML (checked with
/// python3-yaml when the machine has it; the path scan below needs nothing).
import Foundation
import Testing
@testable import Connectors

@Suite("openapi.yaml")
struct OpenAPITests {
    /// Every route the service serves: method and OpenAPI path template.
    static let routes = ServiceRoutes.all

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
    }

    /// `paths:` of the document by indentation: path → methods.
    static func documentedOperations(_ yaml: String) -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        var inPaths = false
        var current: String?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if !line.hasPrefix(" ") && !line.hasPrefix("#") && !line.isEmpty { inPaths = line == "paths:"; continue }
            guard inPaths else { continue }
            if line.hasPrefix("  /") && line.hasSuffix(":") && !line.hasPrefix("   ") {
                current = String(line.dropFirst(2).dropLast())
                result[current!, default: []] = []
            } else if let current, line.hasPrefix("    ") && !line.hasPrefix("     ") {
                let key = line.trimmingCharacters(in: .whitespaces)
                for method in ["get:", "post:", "delete:", "put:", "patch:"] where key == method { result[current, default: []].insert(String(method.dropLast())) }
            }
        }
        return result
    }

    @Test("every served route is documented with its method, and nothing else is")
    func routesMatch() throws {
        let documented = Self.documentedOperations(try Self.text("openapi.yaml"))
        let served = Dictionary(grouping: Self.routes, by: \.path).mapValues { Set($0.map(\.method)) }
        for (path, methods) in served { #expect(documented[path] == methods, "\(path)") }
        for path in documented.keys { #expect(served[path] != nil, "documented but not served: \(path)") }
        #expect(try Self.text("openapi.yaml").hasPrefix("#") && Self.text("openapi.yaml").contains("\nopenapi: 3.0.3\n"))
    }

    @Test("the literal routes of the router sources all appear in openapi.yaml")
    func literalRoutes() throws {
        let documented = Self.documentedOperations(try Self.text("openapi.yaml"))
        let sources = try ["ServiceRouter.swift", "DashboardRoutes.swift"].map { try Self.text("Sources/Connectors/Service/\($0)") }.joined()
        let pattern = try NSRegularExpression(pattern: #"parts == \[((?:"[^"]+", ?)*"[^"]+")\]"#)
        let matches = pattern.matches(in: sources, range: NSRange(sources.startIndex..., in: sources))
        #expect(matches.count >= 5)
        for match in matches {
            let inner = String(sources[Range(match.range(at: 1), in: sources)!])
            let path = "/" + inner.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
                .joined(separator: "/")
            #expect(documented[path] != nil, "\(path) is routed but not in openapi.yaml")
        }
    }

    @Test("each documented route reaches its handler (not the router's fallback 404)")
    func routesAreServed() throws {
        let fixture = try ServiceFixture()
        let router = ServiceRouter(service: fixture.service)
        for route in Self.routes where route.path.hasPrefix("/api/") {
            let path = route.path.replacingOccurrences(of: "{business}", with: "testbistro").replacingOccurrences(of: "{id}", with: "1")
            let response = router.handle(HTTPRequest(method: route.method.uppercased(), path: path))
            #expect(!String(decoding: response.body, as: UTF8.self).contains("no such endpoint"), "\(route.method) \(path)")
        }
    }

    @Test("a served path asked with another method is a 405 naming the methods it takes")
    func otherMethodsAre405() throws {
        let fixture = try ServiceFixture()
        let router = ServiceRouter(service: fixture.service)
        for (path, methods) in Dictionary(grouping: Self.routes, by: \.path).mapValues({ Set($0.map { $0.method.uppercased() }) }) {
            let concrete = path.replacingOccurrences(of: "{business}", with: "testbistro").replacingOccurrences(of: "{id}", with: "1")
                .replacingOccurrences(of: "{token}", with: "abc").replacingOccurrences(of: "{answer}", with: "oui")
                .replacingOccurrences(of: "{version}", with: "1")
            let response = router.handle(HTTPRequest(method: "PUT", path: concrete))
            if path == "/_test/clock" && !fixture.service.configuration.testClock {
                #expect(response.status == 404, "\(path) without the test clock")
                continue
            }
            #expect(response.status == 405, "PUT \(concrete) answered \(response.status)")
            let allow = Set((response.header("allow") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            #expect(allow == methods.union(methods.contains("GET") ? ["HEAD"] : []), "\(path): Allow \(allow)")
        }
        let trace = router.handle(HTTPRequest(method: "TRACE", path: "/healthz"))
        #expect(trace.status == 405 && trace.header("allow") == "GET, HEAD")
        #expect(router.handle(HTTPRequest(method: "PUT", path: "/nowhere")).status == 404)
    }

    @Test("valid YAML with resolvable references (python3-yaml, when installed)")
    func parses() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import re, sys, yaml
            text = open(sys.argv[1]).read()
            doc = yaml.safe_load(text)
            assert doc["openapi"] == "3.0.3"
            for kind, name in set(re.findall(r"#/components/(\\w+)/(\\w+)", text)):
                assert name in doc["components"][kind], (kind, name)
            for path, item in doc["paths"].items():
                for method, op in item.items():
                    if method in ("get", "post", "delete"):
                        assert op["responses"], (path, method)
                        assert all(len(code) == 3 and code.isdigit() for code in op["responses"]), (path, method)
            print(len(doc["paths"]))
            """,
            Self.root.appendingPathComponent("openapi.yaml").path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        do { try process.run() } catch { return } // no python3: the path scan above still runs
        process.waitUntilExit()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        if process.terminationStatus != 0, printed.isEmpty, !Self.hasYAMLModule() { return } // python3 without yaml
        #expect(process.terminationStatus == 0)
        #expect(Int(printed.trimmingCharacters(in: .whitespacesAndNewlines)) == Set(Self.routes.map(\.path)).count)
    }

    static func hasYAMLModule() -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import yaml"]
        process.standardError = Pipe()
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
