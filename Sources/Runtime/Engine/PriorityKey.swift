/// The sort key of an entry for one slot: `priority.order` reduced to a number (seconds
/// for timestamps and durations) or a string, so keys of any allowed type compare.
import RuleLang

/// A comparable priority key; smaller goes first.
enum PriorityKey: Comparable, Sendable {
    case number(Double)
    case text(String)
    /// The key could not be computed (an evaluation error): last in line.
    case unknown

    init?(_ value: Value) {
        switch value {
        case .int(let number): self = .number(Double(number))
        case .uint(let number): self = .number(Double(number))
        case .double(let number): self = .number(number)
        case .timestamp(let time): self = .number(Double(time.seconds) + Double(time.nanos) / 1e9)
        case .duration(let span): self = .number(span.timeInterval)
        case .string(let text): self = .text(text)
        default: return nil
        }
    }

    /// The numeric value, if any.
    var number: Double? {
        if case .number(let number) = self { return number }
        return nil
    }

    /// Numbers move down by `amount`; strings cannot be boosted.
    func lowered(by amount: Double) -> PriorityKey {
        if case .number(let number) = self { return .number(number - amount) }
        return self
    }
}
