/// TEMP stand-in for the `cel-check` branch's checker, so `rules-semantics` compiles
/// before it lands. Infers a few obvious types; everything else is `dyn`.
public struct CELCheckResult: Sendable {
    public var type: CELType
    public var types: [Int: CELType]
    public var diagnostics: [Diagnostic]
}

public struct CELChecker: Sendable {
    public var environment: CELEnvironment
    public init(environment: CELEnvironment) { self.environment = environment }

    public func check(_ expr: CELExpr) -> CELCheckResult {
        CELCheckResult(type: infer(expr), types: [:], diagnostics: [])
    }

    public func check(_ expr: CELExpr, expecting: CELType, purpose: String) -> CELCheckResult {
        let type = infer(expr)
        var diagnostics: [Diagnostic] = []
        if type != .dyn, type != expecting {
            diagnostics.append(.error("'\(purpose)' must be a \(expecting.friendlyName), not a \(type.friendlyName)", at: expr.range))
        }
        return CELCheckResult(type: type, types: [:], diagnostics: diagnostics)
    }

    private func infer(_ expr: CELExpr) -> CELType {
        switch expr.kind {
        case .constant(let c):
            switch c {
            case .bool: return .bool
            case .int: return .int
            case .uint: return .uint
            case .double: return .double
            case .string: return .string
            case .bytes: return .bytes
            case .null: return .null
            }
        case .identifier(let name): return environment.variables[name] ?? .dyn
        case .select(let operand, let field, let testOnly):
            if testOnly { return .bool }
            if case .object(let name) = infer(operand), let object = environment.objectTypes[name],
               let index = object.fieldIndex(field) {
                return object.fields[index].type
            }
            return .dyn
        case .call(let function, _, let args):
            switch function {
            case "_&&_", "_||_", "!_", "_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_", "@in": return .bool
            case "_-_":
                let a = args.map(infer)
                if a == [.timestamp, .timestamp] { return .duration }
                return a.first ?? .dyn
            case "_+_", "_*_", "_/_", "_%_", "-_": return args.map(infer).first ?? .dyn
            case "duration": return .duration
            case "timestamp": return .timestamp
            case "min", "max": return args.map(infer).first ?? .dyn
            default: return .dyn
            }
        case .comprehension(let c):
            return ["all", "exists", "exists_one"].contains(c.macro) ? .bool : .dyn
        default: return .dyn
        }
    }
}
