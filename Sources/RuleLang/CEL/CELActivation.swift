/// The variable values one evaluation of a `CELProgram` sees, as a plain array indexed by
/// the slots the planner assigned (`program.slot(for: "entry")`). Building one is a single
/// array; the engine keeps one per program and overwrites the slots between evaluations.
public struct CELActivation: Sendable {
    /// The values by slot. A slot beyond the end counts as unbound.
    public var values: [Value]
    /// Slots the caller left unbound, for the dictionary-based entry point; reading one
    /// is the error "no value for variable 'x'". Empty means every slot is bound.
    var unbound: [Bool] = []

    /// An activation with `count` slots, all `null`.
    public init(count: Int) {
        values = Array(repeating: .null, count: count)
    }

    /// An activation with the given values by slot.
    public init(values: [Value]) {
        self.values = values
    }

    /// The value in a slot.
    public subscript(slot: Int) -> Value {
        get { values[slot] }
        set { values[slot] = newValue }
    }

    func isBound(_ slot: Int) -> Bool {
        slot < values.count && (unbound.isEmpty || !unbound[slot])
    }
}
