import Foundation
import Testing
@testable import RuleLang

/// Type-checks the cel-spec conformance cases (`../shared/conformance/cel/*.json`): every
/// case the spec checks must check without error, with a result type compatible with the
/// expected value; every case the spec marks `disable_check` must be rejected.
///
/// Excluded (protobuf is outside SpeedAI's CEL subset): cases with a `container` (they
/// build `TestAllTypes` messages), and cases whose text builds a protobuf message or
/// wrapper (`TestAllTypes{...}`, `google.protobuf.BoolValue{...}`, `google.protobuf.Value{}`).

private struct ConformanceCase: Sendable, CustomStringConvertible {
    var id: String
    var expr: String
    var disableCheck: Bool
    var variables: [String: CELType]
    /// The kind of the expected value; nil when any result is fine (an expected error).
    var expectedType: CELType?
    /// Why the case is skipped, or nil.
    var exclusion: String?

    var description: String { id }
}

private enum ConformanceData {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/conformance/cel")

    static let cases: [ConformanceCase] = {
        let files = ["basic", "comparisons", "integer_math", "lists", "logic", "string"]
        return files.flatMap { name -> [ConformanceCase] in
            let url = directory.appendingPathComponent("\(name).json")
            guard let data = try? Data(contentsOf: url),
                  let array = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { return [] }
            return array.map(decodeCase)
        }
    }()

    static func decodeCase(_ json: [String: Any]) -> ConformanceCase {
        let id = "\(json["file"] ?? "?")/\(json["section"] ?? "?")/\(json["name"] ?? "?")"
        let expr = json["expr"] as? String ?? ""
        var variables: [String: CELType] = [:]
        for declaration in json["type_env"] as? [[String: Any]] ?? [] {
            if let name = declaration["name"] as? String,
               let ident = declaration["ident"] as? [String: Any],
               let type = (ident["type"] as? [String: Any]).flatMap(decodeType) {
                variables[name] = type
            }
        }
        let expected: CELType?
        if let value = json["value"] as? [String: Any] {
            expected = decodeValueKind(value)
        } else if json["eval_error"] != nil {
            expected = nil
        } else {
            expected = .bool
        }
        return ConformanceCase(id: id, expr: expr, disableCheck: json["disable_check"] as? Bool ?? false,
                               variables: variables, expectedType: expected, exclusion: exclusion(json, expr))
    }

    static func exclusion(_ json: [String: Any], _ expr: String) -> String? {
        if json["container"] != nil { return "protobuf container \(json["container"]!)" }
        if expr.contains("TestAllTypes") { return "protobuf test message TestAllTypes" }
        let wellKnownTime = expr.replacingOccurrences(of: "google.protobuf.Timestamp", with: "")
            .replacingOccurrences(of: "google.protobuf.Duration", with: "")
        if wellKnownTime.contains("google.protobuf.") { return "protobuf wrapper or JSON message" }
        return nil
    }

    /// A `type_env` type: primitive, list_type, map_type, null, well_known, dyn.
    static func decodeType(_ json: [String: Any]) -> CELType? {
        if let primitive = json["primitive"] as? String {
            switch primitive {
            case "INT64": return .int
            case "UINT64": return .uint
            case "DOUBLE": return .double
            case "BOOL": return .bool
            case "STRING": return .string
            case "BYTES": return .bytes
            default: return nil
            }
        }
        if let list = json["list_type"] as? [String: Any] {
            return (list["elem_type"] as? [String: Any]).flatMap(decodeType).map { .list($0) }
        }
        if let map = json["map_type"] as? [String: Any],
           let key = (map["key_type"] as? [String: Any]).flatMap(decodeType),
           let value = (map["value_type"] as? [String: Any]).flatMap(decodeType) {
            return .map(key: key, value: value)
        }
        if json["null"] != nil { return .null }
        if json["dyn"] != nil { return .dyn }
        if let wellKnown = json["well_known"] as? String {
            switch wellKnown {
            case "TIMESTAMP": return .timestamp
            case "DURATION": return .duration
            default: return nil
            }
        }
        return nil
    }

    /// The type of an expected VALUE, as loose as the value says (any list, any map).
    static func decodeValueKind(_ json: [String: Any]) -> CELType {
        switch json.keys.first {
        case "null_value": return .null
        case "bool_value": return .bool
        case "int64_value": return .int
        case "uint64_value": return .uint
        case "double_value": return .double
        case "string_value": return .string
        case "bytes_value": return .bytes
        case "list_value": return .list(.dyn)
        case "map_value": return .map(key: .dyn, value: .dyn)
        case "type_value": return .type(nil)
        default: return .dyn
        }
    }

    static var checked: [ConformanceCase] { cases.filter { $0.exclusion == nil && !$0.disableCheck } }
    static var unchecked: [ConformanceCase] { cases.filter { $0.exclusion == nil && $0.disableCheck } }
}

private func checkConformanceCase(_ testCase: ConformanceCase) -> (CELCheckResult?, [String]) {
    let (_, parsed) = CELParser.parse(testCase.expr)
    guard let expr = parsed.expr else { return (nil, parsed.diagnostics.map(\.message)) }
    let checker = CELChecker(environment: CELEnvironment(variables: testCase.variables))
    let result = checker.check(expr)
    return (result, result.diagnostics.filter { $0.severity == .error }.map(\.message))
}

@Test func conformanceDataIsPresent() {
    #expect(ConformanceData.cases.count == 633)
    #expect(ConformanceData.checked.count == 524)
    #expect(ConformanceData.unchecked.count == 37)
    #expect(ConformanceData.cases.filter { $0.exclusion != nil }.count == 72)
}

@Test(arguments: ConformanceData.checked)
private func conformanceCaseTypeChecks(_ testCase: ConformanceCase) {
    let (result, errors) = checkConformanceCase(testCase)
    #expect(errors.isEmpty, "\(testCase.expr): \(errors)")
    if let result, let expected = testCase.expectedType {
        #expect(expected.isAssignable(from: result.type), "\(testCase.expr): \(result.type) is not \(expected)")
    }
}

/// The spec turns checking off exactly where a checker must object (`1 == 1.0`,
/// `'foo' < 1024`, `true ? 'cows' : 17`, an undeclared `x`).
@Test(arguments: ConformanceData.unchecked)
private func conformanceUncheckedCaseIsRejected(_ testCase: ConformanceCase) {
    let (_, errors) = checkConformanceCase(testCase)
    #expect(!errors.isEmpty, "\(testCase.expr) should not type-check")
}
