import Foundation

/// Runs the cel-spec conformance files (`basic.json`, `comparisons.json`, ...; format in
/// `shared/conformance/README.md`) through the parser, optionally the checker, and the
/// evaluator, case by case. Bytes in, results out: reading files is the caller's job, so
/// the library stays free of I/O.
public enum CELSpecRunner {
    /// Runs every case of one conformance file.
    ///
    /// - Parameters:
    ///   - fileBytes: the file's JSON (an array of cases).
    ///   - fileName: used for messages and, when a case has no `file` field, its id.
    ///   - skipList: cases not to run, each with a reason.
    ///   - check: a type checker to run first on cases without `disable_check`; any error
    ///     diagnostic fails the case.
    /// - Returns: one result per case, in file order, with ids `file/section/name`.
    /// - Throws: `SpecFileError` when the bytes are not a conformance file.
    public static func run(fileBytes: [UInt8], fileName: String, skipList: CELSkipList,
                           check: (@Sendable (CELExpr, CELEnvironment) -> [Diagnostic])? = nil) throws -> [SpecCaseResult] {
        let document: CELSpecJSON
        do {
            document = try CELSpecJSON.parse(fileBytes)
        } catch {
            throw SpecFileError(fileName: fileName, message: "not valid JSON (\(error.message) at byte \(error.offset))")
        }
        guard let cases = document.arrayValue else {
            throw SpecFileError(fileName: fileName, message: "expected a JSON array of test cases")
        }
        let defaultFile = fileStem(fileName)
        return cases.enumerated().map { index, testCase in
            runCase(testCase, number: index + 1, defaultFile: defaultFile, skipList: skipList, check: check)
        }
    }

    private static func fileStem(_ fileName: String) -> String {
        let base = fileName.split(separator: "/").last.map(String.init) ?? fileName
        return base.hasSuffix(".json") ? String(base.dropLast(5)) : base
    }

    // MARK: - One case

    private static func runCase(_ testCase: CELSpecJSON, number: Int, defaultFile: String, skipList: CELSkipList,
                                check: (@Sendable (CELExpr, CELEnvironment) -> [Diagnostic])?) -> SpecCaseResult {
        let file = testCase["file"]?.stringValue ?? defaultFile
        let section = testCase["section"]?.stringValue ?? "-"
        let name = testCase["name"]?.stringValue ?? "case\(number)"
        let id = "\(file)/\(section)/\(name)"
        if let reason = skipList.reason(file: file, section: section, name: name) {
            return SpecCaseResult(id: id, outcome: .skipped(reason))
        }
        switch evaluateCase(testCase, check: check) {
        case .passed: return SpecCaseResult(id: id, outcome: .passed)
        case .failed(let detail): return SpecCaseResult(id: id, outcome: .failed(detail))
        }
    }

    private enum CaseOutcome {
        case passed
        case failed(String)
    }

    private static func evaluateCase(_ testCase: CELSpecJSON, check: (@Sendable (CELExpr, CELEnvironment) -> [Diagnostic])?) -> CaseOutcome {
        guard let source = testCase["expr"]?.stringValue else { return .failed("malformed case: no 'expr'") }
        let expectsError = testCase["eval_error"] != nil
        let expected: Value
        do {
            expected = try testCase["value"].map(decodeValue) ?? .bool(true)
        } catch {
            return .failed("cannot read the expected value: \(error.message)")
        }

        let (_, parsed) = CELParser.parse(source)
        guard let expr = parsed.expr else {
            return .failed("does not parse: " + parsed.diagnostics.map(\.message).joined(separator: "; "))
        }

        var environment = CELEnvironment()
        var bindings: [String: Value] = [:]
        do {
            for declaration in testCase["type_env"]?.arrayValue ?? [] {
                guard let declared = declaration["name"]?.stringValue, let ident = declaration["ident"] else { continue }
                environment.variables[declared] = decodeType(ident["type"])
            }
            for binding in testCase["bindings"]?.arrayValue ?? [] {
                guard let key = binding["key"]?.stringValue, let value = binding["value"]?["value"] else {
                    return .failed("malformed binding")
                }
                bindings[key] = try decodeValue(value)
                if environment.variables[key] == nil { environment.variables[key] = .dyn }
            }
        } catch {
            return .failed("cannot read a binding: \(error.message)")
        }

        if let check, testCase["disable_check"]?.boolValue != true {
            let errors = check(expr, environment).filter { $0.severity == .error }
            if !errors.isEmpty {
                return .failed("the checker rejected it: " + errors.map(\.message).joined(separator: "; "))
            }
        }

        let result: Value
        do {
            let program = try CELProgram(expr, environment: environment)
            result = try program.evaluate(bindings)
        } catch {
            return expectsError ? .passed : .failed("expected \(expected.celDescription), got the error: \(error.message)")
        }
        if expectsError { return .failed("expected an error, got \(result.celDescription)") }
        return sameValue(result, expected) ? .passed : .failed("expected \(expected.celDescription), got \(result.celDescription)")
    }

    // MARK: - Comparing results

    /// Strict equality for test results: the same kinds throughout (an expected `1` is not
    /// met by `1u` or `1.0`), and NaN matches NaN.
    static func sameValue(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.uint(let x), .uint(let y)): return x == y
        case (.double(let x), .double(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.string(let x), .string(let y)): return CELStrings.sameCodePoints(x, y)
        case (.bytes(let x), .bytes(let y)): return x == y
        case (.list(let x), .list(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { sameValue($0, $1) }
        case (.map(let x), .map(let y)):
            guard x.count == y.count else { return false }
            return x.entries.allSatisfy { key, value in
                y.entries.contains { otherKey, otherValue in sameValue(key, otherKey) && sameValue(value, otherValue) }
            }
        case (.timestamp(let x), .timestamp(let y)): return x == y
        case (.duration(let x), .duration(let y)): return x == y
        case (.type, .type), (.object, .object): return a.celEquals(b)
        default: return false
        }
    }

    // MARK: - Decoding the file's VALUE and TYPE objects

    private struct DecodeError: Error {
        let message: String
    }

    /// A `cel.expr.Value` in its JSON form (exactly one key).
    private static func decodeValue(_ json: CELSpecJSON) throws(DecodeError) -> Value {
        guard case .object(let members) = json, let (kind, content) = members.first.map({ ($0.key, $0.value) }) else {
            throw DecodeError(message: "a value must be an object with one key")
        }
        switch kind {
        case "null_value": return .null
        case "bool_value":
            guard let flag = content.boolValue else { throw DecodeError(message: "bool_value is not a bool") }
            return .bool(flag)
        case "int64_value":
            guard let text = numberText(content), let value = Int64(text) else { throw DecodeError(message: "bad int64_value") }
            return .int(value)
        case "uint64_value":
            guard let text = numberText(content), let value = UInt64(text) else { throw DecodeError(message: "bad uint64_value") }
            return .uint(value)
        case "double_value":
            guard let text = numberText(content), let value = decodeDouble(text) else { throw DecodeError(message: "bad double_value") }
            return .double(value)
        case "string_value":
            guard let text = content.stringValue else { throw DecodeError(message: "string_value is not a string") }
            return .string(text)
        case "bytes_value":
            guard let encoded = content["base64"]?.stringValue ?? content.stringValue,
                  let data = Data(base64Encoded: encoded) else { throw DecodeError(message: "bad bytes_value") }
            return .bytes(Array(data))
        case "list_value":
            var items: [Value] = []
            for item in content["values"]?.arrayValue ?? [] { items.append(try decodeValue(item)) }
            return .list(items)
        case "map_value":
            var map = CELMap()
            for entry in content["entries"]?.arrayValue ?? [] {
                guard let key = entry["key"], let value = entry["value"] else { throw DecodeError(message: "bad map entry") }
                let decodedKey = try decodeValue(key)
                let decodedValue = try decodeValue(value)
                do {
                    try map.insert(decodedValue, forKey: decodedKey)
                } catch {
                    throw DecodeError(message: error.message)
                }
            }
            return .map(map)
        case "type_value":
            guard let name = content.stringValue else { throw DecodeError(message: "type_value is not a string") }
            return .type(Value.typeIdentifiers[name] ?? .object(name))
        default:
            throw DecodeError(message: "values of kind '\(kind)' are not supported")
        }
    }

    /// A number written as a JSON number or, as protobuf JSON allows, as a string.
    private static func numberText(_ json: CELSpecJSON) -> String? {
        switch json {
        case .number(let text), .string(let text): return text
        default: return nil
        }
    }

    private static func decodeDouble(_ text: String) -> Double? {
        switch text.lowercased() {
        case "inf", "infinity", "+inf", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan": return .nan
        default: return Double(text)
        }
    }

    /// A `cel.expr.Type` in its JSON form; message types and anything unknown are `dyn`.
    private static func decodeType(_ json: CELSpecJSON?) -> CELType {
        guard let json, case .object(let members) = json, let (kind, content) = members.first.map({ ($0.key, $0.value) }) else {
            return .dyn
        }
        switch kind {
        case "primitive":
            switch content.stringValue ?? "" {
            case "BOOL": return .bool
            case "INT32", "INT64": return .int
            case "UINT32", "UINT64": return .uint
            case "FLOAT", "DOUBLE": return .double
            case "STRING": return .string
            case "BYTES": return .bytes
            default: return .dyn
            }
        case "list_type": return .list(decodeType(content["elem_type"]))
        case "map_type": return .map(key: decodeType(content["key_type"]), value: decodeType(content["value_type"]))
        case "null": return .null
        case "well_known":
            switch content.stringValue ?? "" {
            case "TIMESTAMP": return .timestamp
            case "DURATION": return .duration
            default: return .dyn
            }
        case "type": return .type(decodeType(content))
        default: return .dyn
        }
    }
}
