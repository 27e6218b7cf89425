/// Loop-invariant caching. In `entry.slots.exists(s, s >= slot.start - duration('15m'))`
/// the bound `slot.start - duration('15m')` is the same for every slot, yet a plain tree
/// walk recomputes it per item. The planner wraps the largest sub-expressions of a
/// comprehension's condition and step that read neither the iteration variable nor the
/// accumulator in `.cached` nodes, each with its own local: computed on first use in a
/// run of the loop (so never when the loop has no items or the branch is not taken),
/// then read back. Evaluation is pure, so the value or error is the one recomputing
/// would give.
extension CELPlanner {
    /// `body` (a loop condition or step) with its loop-invariant sub-expressions cached;
    /// the locals allocated for them are appended to `cacheSlots`.
    mutating func cachingInvariants(in body: CELNode, loopSlots: Set<Int>, cacheSlots: inout [Int]) -> CELNode {
        if !reads(body, anyOf: loopSlots) {
            guard body.isWorthCaching else { return body }
            let slot = allocateLocal()
            cacheSlots.append(slot)
            return CELNode(.cached(body, slot: slot), body.range)
        }
        // A nested comprehension is cached whole or not at all; its own body had its
        // invariants cached when it was planned.
        if case .comprehension = body.kind { return body }
        let children = body.children
        var rebuilt: [CELNode] = []
        rebuilt.reserveCapacity(children.count)
        for child in children {
            rebuilt.append(cachingInvariants(in: child, loopSlots: loopSlots, cacheSlots: &cacheSlots))
        }
        guard zip(children, rebuilt).contains(where: { $0 !== $1 }) else { return body }
        return body.replacingChildren(rebuilt)
    }

    /// Whether `node` reads one of `slots` (a loop's iteration variable or accumulator).
    /// Every comprehension has its own slots, so nested loops need no scoping here.
    private func reads(_ node: CELNode, anyOf slots: Set<Int>) -> Bool {
        switch node.kind {
        case .local(let slot), .append(let slot, _):
            if slots.contains(slot) { return true }
        default:
            break
        }
        return node.children.contains { reads($0, anyOf: slots) }
    }
}

extension CELNode {
    /// Whether a loop-invariant node does enough work for a cache to pay: reading a
    /// constant, a variable or a variable's field costs no more than reading the cache.
    var isWorthCaching: Bool {
        switch kind {
        case .constant, .failure, .variable, .variableField, .local, .cached: return false
        default: return true
        }
    }

    /// The same node over new children, given in the order of `children`.
    func replacingChildren(_ new: [CELNode]) -> CELNode {
        let rebuilt: Kind
        switch kind {
        case .constant, .failure, .variable, .variableField, .local:
            return self
        case .field(_, let typeName, let index, let name): rebuilt = .field(new[0], typeName: typeName, index: index, name: name)
        case .select(_, let field): rebuilt = .select(new[0], field: field)
        case .has(_, let field): rebuilt = .has(new[0], field: field)
        case .not: rebuilt = .not(new[0])
        case .and: rebuilt = .and(new[0], new[1])
        case .or: rebuilt = .or(new[0], new[1])
        case .conditional: rebuilt = .conditional(new[0], new[1], new[2])
        case .notStrictlyFalse: rebuilt = .notStrictlyFalse(new[0])
        case .unary(_, let function): rebuilt = .unary(new[0], function)
        case .binary(_, _, let function): rebuilt = .binary(new[0], new[1], function)
        case .inlineBinary(_, _, let inline, let function): rebuilt = .inlineBinary(new[0], new[1], inline, function)
        case .variadic(_, let function): rebuilt = .variadic(new, function)
        case .list: rebuilt = .list(new)
        case .map(let keys, _): rebuilt = .map(keys: Array(new[..<keys.count]), values: Array(new[keys.count...]))
        case .append(let accumulator, _): rebuilt = .append(accumulator: accumulator, elements: new)
        case .cached(_, let slot): rebuilt = .cached(new[0], slot: slot)
        case .comprehension(let loop):
            let hasCondition = loop.condition != nil
            rebuilt = .comprehension(CELLoop(
                macro: loop.macro, iterSlot: loop.iterSlot, accumulatorSlot: loop.accumulatorSlot,
                iterRange: new[0], initial: new[1], condition: hasCondition ? new[2] : nil,
                step: new[hasCondition ? 3 : 2], result: new[hasCondition ? 4 : 3], cacheSlots: loop.cacheSlots))
        }
        return CELNode(rebuilt, range)
    }
}
