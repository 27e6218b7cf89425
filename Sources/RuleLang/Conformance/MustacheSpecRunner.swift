/// Runs one file of the official Mustache spec (`interpolation.json`, `sections.json`,
/// ...) against `MustacheTemplate`, case by case. Bytes in, results out: the CLI and
/// the test suite do the file reading, so the library stays free of I/O.
import Foundation

/// Runs the Mustache spec's JSON suites (format `{"overview", "tests": [{"name", "desc",
/// "data", "template", "expected", "partials"?}]}`).
public enum MustacheSpecRunner {
    /// Runs every case in one spec file, rendering with HTML escaping as the spec does.
    ///
    /// - Parameters:
    ///   - fileBytes: the file's JSON.
    ///   - fileName: the prefix of each case id, e.g. `sections.json`.
    /// - Returns: one result per case, in file order. Cases using lambdas are skipped.
    /// - Throws: `SpecFileError` when the bytes are not a spec suite at all.
    public static func run(fileBytes: [UInt8], fileName: String) throws -> [SpecCaseResult] {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: Data(fileBytes))
        } catch {
            throw SpecFileError(fileName: fileName, message: "not valid JSON")
        }
        guard let suite = root as? [String: Any], let tests = suite["tests"] as? [Any] else {
            throw SpecFileError(fileName: fileName, message: "expected a JSON object with a \"tests\" list")
        }
        return tests.enumerated().map { index, test in
            runCase(test as? [String: Any] ?? [:], number: index + 1, fileName: fileName)
        }
    }

    private static func runCase(_ fields: [String: Any], number: Int, fileName: String) -> SpecCaseResult {
        let name = fields["name"] as? String ?? "case \(number)"
        let id = "\(fileName): \(name)"
        guard let source = fields["template"] as? String, let expected = fields["expected"] as? String else {
            return SpecCaseResult(id: id, outcome: .failed("malformed case: needs string 'template' and 'expected'"))
        }
        let rawData = fields["data"] ?? NSNull()
        if containsLambda(rawData) {
            return SpecCaseResult(id: id, outcome: .skipped("lambdas are not supported"))
        }
        guard let data = MustacheValue(jsonObject: rawData) else {
            return SpecCaseResult(id: id, outcome: .failed("malformed case: 'data' is not JSON data"))
        }
        let template: MustacheTemplate
        switch parse(source, what: "template") {
        case .success(let parsed): template = parsed
        case .failure(let detail): return SpecCaseResult(id: id, outcome: .failed(detail))
        }
        var partials: [String: MustacheTemplate] = [:]
        for (partialName, partialSource) in fields["partials"] as? [String: String] ?? [:] {
            switch parse(partialSource, what: "partial '\(partialName)'") {
            case .success(let parsed): partials[partialName] = parsed
            case .failure(let detail): return SpecCaseResult(id: id, outcome: .failed(detail))
            }
        }
        let actual = template.render(data, partials: partials, escaping: .html)
        guard actual == expected else {
            return SpecCaseResult(
                id: id, outcome: .failed("expected \(String(reflecting: expected)), got \(String(reflecting: actual))"))
        }
        return SpecCaseResult(id: id, outcome: .passed)
    }

    private enum ParseOutcome {
        case success(MustacheTemplate)
        case failure(String)
    }

    private static func parse(_ source: String, what: String) -> ParseOutcome {
        let (template, diagnostics) = MustacheTemplate.parse(source)
        if let template { return .success(template) }
        let problems = diagnostics.map { "\($0.message) (byte \($0.range.start))" }.joined(separator: "; ")
        return .failure("\(what) does not parse: \(problems)")
    }

    /// The optional `~lambdas.json` suite marks code as `{"__tag__": "code", ...}`.
    private static func containsLambda(_ value: Any) -> Bool {
        switch value {
        case let object as [String: Any]:
            (object["__tag__"] as? String) == "code" || object.values.contains(where: containsLambda)
        case let items as [Any]:
            items.contains(where: containsLambda)
        default:
            false
        }
    }
}
