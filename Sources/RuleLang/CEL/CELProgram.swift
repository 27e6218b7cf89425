/// A planned CEL expression, ready to evaluate many times (cel-go's `Program`). Planning
/// resolves names, binds functions and folds constants once; each evaluation then only
/// walks the node tree with the variables' values.
///
///     let program = try CELProgram(expr, environment: env)
///     var activation = program.makeActivation()
///     activation[program.slot(for: "entry")!] = .object(entry)
///     let result = try program.evaluate(activation)
public struct CELProgram: Sendable {
    private let root: CELNode
    private let slots: [String: Int]
    private let localCount: Int
    /// The declared variables, by slot (sorted by name).
    public let variableNames: [String]

    /// Plans `expr` against the variables and record types of `environment`. Fails only
    /// for what can never run: message construction (`T{...}`), a field that a declared
    /// record type does not have, and expressions nested deeper than
    /// `CELPlanner.maxDepth` (planning and evaluation recurse on the tree). Everything else that is wrong (an undeclared
    /// name, an unknown function, `1/0`) fails when, and only if, it is evaluated.
    public init(_ expr: CELExpr, environment: CELEnvironment = CELEnvironment()) throws(CELEvalError) {
        try CELPlanner.checkDepth(expr)
        let names = environment.variables.keys.sorted()
        var slots: [String: Int] = [:]
        for (slot, name) in names.enumerated() { slots[name] = slot }
        var planner = CELPlanner(environment: environment, slots: slots)
        self.root = try planner.plan(expr)
        self.slots = slots
        self.localCount = planner.localCount
        self.variableNames = names
    }

    /// The activation slot of a declared variable.
    public func slot(for name: String) -> Int? { slots[name] }

    /// The number of activation slots.
    public var slotCount: Int { variableNames.count }

    /// An activation with every slot `null`, to fill in and reuse.
    public func makeActivation() -> CELActivation { CELActivation(count: slotCount) }

    /// The expression's value when it does not depend on any variable (it was folded
    /// while planning), else nil.
    public var constantValue: Value? {
        if case .constant(let value) = root.kind { return value }
        return nil
    }

    /// Evaluates with variable values by slot.
    public func evaluate(_ activation: CELActivation) throws(CELEvalError) -> Value {
        try CELFrame.evaluate(root, variables: activation.values, localCount: localCount)
    }

    /// Evaluates with variable values by name; a declared variable missing from
    /// `variables` is an error if the expression reads it. Names that are not declared
    /// are ignored.
    public func evaluate(_ variables: [String: Value]) throws(CELEvalError) -> Value {
        var values = Array(repeating: Value.null, count: slotCount)
        var unbound = Array(repeating: false, count: slotCount)
        var missing = false
        for (slot, name) in variableNames.enumerated() {
            if let value = variables[name] {
                values[slot] = value
            } else {
                unbound[slot] = true
                missing = true
            }
        }
        return try CELFrame.evaluate(root, variables: values, unbound: missing ? unbound : [], localCount: localCount)
    }
}
