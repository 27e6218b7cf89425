/// The variable values one evaluation of a `CELProgram` sees, as a plain array indexed by
/// the slots the planner assigned (`program.slot(for: "entry")`). Building one is a single
/// array; the engine keeps one per program and overwrites the slots between evaluations.
/// It holds that one array and nothing else, so passing or copying it costs one retain.
public struct CELActivation: Sendable {
    /// The values by slot. A slot beyond the end counts as unbound.
    public var values: [Value]

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
}
