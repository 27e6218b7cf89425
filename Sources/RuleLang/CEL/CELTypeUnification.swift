/// Type parameters, `dyn` and joins: the small unification engine behind the checker,
/// modelled on cel-go's `checker/types.go`. Overload signatures such as
/// `_+_(list(A), list(A)) -> list(A)` mention type parameters; checking a call binds them
/// to the argument types in a `CELTypeSubstitution`, and the call's result type is the
/// signature's result with those bindings applied.
///
/// `dyn` (and `error`, the type of an expression that already failed) is compatible with
/// everything in both directions: the check then moves to run time. `null` is compatible
/// with `null` and with record types only.

/// Bindings of type parameters to types, built up while one expression is checked.
struct CELTypeSubstitution: Sendable {
    private(set) var bindings: [String: CELType] = [:]

    /// Chains of bindings longer than this are malformed; stop following them rather than loop.
    private static let maxChain = 256

    /// The type `name` is bound to, if any.
    func binding(of name: String) -> CELType? { bindings[name] }

    mutating func bind(_ name: String, to type: CELType) { bindings[name] = type }

    /// `type` with every bound parameter replaced by its binding; unbound parameters stay
    /// (or become `dyn` when `parametersToDyn`, for final results).
    func substitute(_ type: CELType, parametersToDyn: Bool = false) -> CELType {
        substitute(type, parametersToDyn: parametersToDyn, budget: Self.maxChain)
    }

    private func substitute(_ type: CELType, parametersToDyn: Bool, budget: Int) -> CELType {
        guard budget > 0 else { return .dyn }
        switch type {
        case .parameter(let name):
            if let bound = bindings[name] { return substitute(bound, parametersToDyn: parametersToDyn, budget: budget - 1) }
            return parametersToDyn ? .dyn : type
        case .list(let element):
            return .list(substitute(element, parametersToDyn: parametersToDyn, budget: budget - 1))
        case .map(let key, let value):
            return .map(key: substitute(key, parametersToDyn: parametersToDyn, budget: budget - 1),
                        value: substitute(value, parametersToDyn: parametersToDyn, budget: budget - 1))
        case .type(let inner?):
            return .type(substitute(inner, parametersToDyn: parametersToDyn, budget: budget - 1))
        default:
            return type
        }
    }

    /// Whether parameter `name` occurs in `type` once bindings are applied (the occurs
    /// check: binding `A` to `list(A)` would make substitution loop).
    func occurs(_ name: String, in type: CELType) -> Bool {
        switch substitute(type) {
        case .parameter(let other): return other == name
        case .list(let element): return occursStructurally(name, in: element)
        case .map(let key, let value): return occursStructurally(name, in: key) || occursStructurally(name, in: value)
        case .type(let inner?): return occursStructurally(name, in: inner)
        default: return false
        }
    }

    private func occursStructurally(_ name: String, in type: CELType) -> Bool {
        switch type {
        case .parameter(let other): return other == name
        case .list(let element): return occursStructurally(name, in: element)
        case .map(let key, let value): return occursStructurally(name, in: key) || occursStructurally(name, in: value)
        case .type(let inner?): return occursStructurally(name, in: inner)
        default: return false
        }
    }
}

/// The unification rules, as pure functions over a substitution.
enum CELTypeUnification {
    /// Whether a value of type `source` may be used where `target` is expected, binding
    /// type parameters in `substitution` as needed. The substitution changes only when the
    /// answer is true, so a failed overload leaves no trace.
    static func isAssignable(_ target: CELType, from source: CELType, in substitution: inout CELTypeSubstitution) -> Bool {
        var attempt = substitution
        guard assign(target, source, &attempt, depth: 0) else { return false }
        substitution = attempt
        return true
    }

    /// Whether every source is assignable to the target at the same position.
    static func isAssignable(_ targets: [CELType], from sources: [CELType], in substitution: inout CELTypeSubstitution) -> Bool {
        guard targets.count == sources.count else { return false }
        var attempt = substitution
        for (target, source) in zip(targets, sources) where !assign(target, source, &attempt, depth: 0) {
            return false
        }
        substitution = attempt
        return true
    }

    /// Deeper than this, types are not something a person wrote; treat them as compatible.
    private static let maxDepth = 512

    private static func assign(_ t1: CELType, _ t2: CELType, _ m: inout CELTypeSubstitution, depth: Int) -> Bool {
        guard depth < maxDepth else { return true }
        if case .parameter(let name2) = t2 {
            if t1 == t2 { return true }
            if let bound = m.binding(of: name2) {
                guard assign(t1, bound, &m, depth: depth + 1) else { return false }
                m.bind(name2, to: mostGeneral(t1, bound))
                return true
            }
            if !m.occurs(name2, in: t1) {
                m.bind(name2, to: t1)
                return true
            }
        }
        if case .parameter(let name1) = t1 {
            if let bound = m.binding(of: name1) {
                guard assign(bound, t2, &m, depth: depth + 1) else { return false }
                m.bind(name1, to: mostGeneral(bound, t2))
                return true
            }
            if !m.occurs(name1, in: t2) {
                m.bind(name1, to: t2)
                return true
            }
        }
        if t1.isWildcard || t2.isWildcard { return true }
        if t1 == .null { return t2 == .null || t2.isNullable }
        if t2 == .null { return t1.isNullable }
        switch (t1, t2) {
        case (.list(let e1), .list(let e2)):
            return assign(e1, e2, &m, depth: depth + 1)
        case (.map(let k1, let v1), .map(let k2, let v2)):
            return assign(k1, k2, &m, depth: depth + 1) && assign(v1, v2, &m, depth: depth + 1)
        case (.type, .type):
            // Every type value has the same run-time kind; `type(x) == string` is fine.
            return true
        default:
            return t1 == t2
        }
    }

    /// Of two compatible types, the one that constrains less (`dyn` over `int`,
    /// `list(A)` over `list(int)`), as cel-go's `mostGeneral`.
    static func mostGeneral(_ a: CELType, _ b: CELType) -> CELType {
        if a == .null, b.isNullable { return b }
        if b == .null, a.isNullable { return a }
        return isEqualOrLessSpecific(a, b) ? a : b
    }

    private static func isEqualOrLessSpecific(_ a: CELType, _ b: CELType) -> Bool {
        if a.isWildcard { return true }
        if case .parameter = a { return true }
        if b.isWildcard { return false }
        if case .parameter = b { return false }
        switch (a, b) {
        case (.list(let e1), .list(let e2)):
            return isEqualOrLessSpecific(e1, e2)
        case (.map(let k1, let v1), .map(let k2, let v2)):
            return isEqualOrLessSpecific(k1, k2) && isEqualOrLessSpecific(v1, v2)
        case (.type(nil), .type):
            return true
        case (.type(let x?), .type(let y?)):
            return isEqualOrLessSpecific(x, y)
        default:
            return a == b
        }
    }

    /// The element type of a literal holding values of types `previous` and `next`: the
    /// more general when compatible, otherwise `dyn` (cel-go's heterogeneous literals).
    static func join(_ previous: CELType?, _ next: CELType, in substitution: inout CELTypeSubstitution) -> CELType {
        guard let previous else { return next }
        if isAssignable(previous, from: next, in: &substitution) { return mostGeneral(previous, next) }
        return .dyn
    }

    /// `type` with fresh names for its type parameters, so two uses of one overload
    /// (or two empty list literals) never share a binding.
    static func instantiate(_ type: CELType, suffix: String) -> CELType {
        switch type {
        case .parameter(let name): return .parameter(name + suffix)
        case .list(let element): return .list(instantiate(element, suffix: suffix))
        case .map(let key, let value): return .map(key: instantiate(key, suffix: suffix), value: instantiate(value, suffix: suffix))
        case .type(let inner?): return .type(instantiate(inner, suffix: suffix))
        default: return type
        }
    }
}

extension CELType {
    /// `dyn` or `error`: compatible with anything.
    var isWildcard: Bool {
        switch self {
        case .dyn, .error: return true
        default: return false
        }
    }

    /// Types whose values may be `null` in checked expressions. cel-go also lets timestamps
    /// and durations be null (they are protobuf messages there); SpeedAI's never are, and
    /// the spec expects `null < null` to be rejected.
    var isNullable: Bool {
        if case .object = self { return true }
        return false
    }

    /// Whether a value of type `other` may be used where this type is expected. `dyn` on
    /// either side is accepted (the check moves to run time); type parameters match
    /// anything consistently, e.g. `list(A)` accepts `list(int)`.
    public func isAssignable(from other: CELType) -> Bool {
        var substitution = CELTypeSubstitution()
        return CELTypeUnification.isAssignable(self, from: other, in: &substitution)
    }
}
