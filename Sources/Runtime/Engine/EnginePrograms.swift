/// One rules version made ready to run: its CEL expressions planned once (not per entry
/// or per slot), its slot calendar and its time zone. Rebuilt on `rulesReloaded`.
import RuleLang

/// The rule set with everything the engine evaluates prepared.
struct EnginePrograms: Sendable {
    /// A boost with its condition and amount planned.
    struct Boost: Sendable {
        let label: String
        let when: CELProgram
        let amount: Amount
    }
    /// What a boost subtracts.
    enum Amount: Sendable {
        case seconds(Double)
        case number(Double)
        case expression(CELProgram)
    }

    let rules: RuleSet
    let calendar: SlotCalendar
    let zone: ZoneConverter
    let match: CELProgram
    /// `match` can only hold for a start the entry ticked (`slot.start in entry.slots && …`):
    /// a free slot no waiting entry chose needs no evaluation at all.
    let matchRequiresChosenStart: Bool
    let order: CELProgram
    let boosts: [Boost]
    /// How the waiting index keeps entries in priority order, or nil when the priority reads
    /// `slot` or `now` (then every freed slot ranks its candidates afresh). By start when
    /// `match` requires the start to be chosen, else by local day (see `RankedWaiting`).
    let rankedBucketing: RankedWaiting.Bucketing?
    /// Nil for a fixed timeout.
    let timeout: CELProgram?
    /// Activation slots of `entry`, `slot` and `now`: every program is planned against
    /// `RuleEnvironment.cel`, so they share one layout and one activation.
    let entrySlot: Int
    let slotSlot: Int
    let nowSlot: Int
    let slotCount: Int

    init(rules: RuleSet) throws(EngineError) {
        self.rules = rules
        do {
            calendar = try SlotCalendar(rules: rules)
        } catch {
            throw .unusableRules(error.description)
        }
        guard let zone = ZoneConverter(identifier: rules.establishment.timeZone) else {
            throw .unusableRules("the establishment's time zone '\(rules.establishment.timeZone)' is not a known time zone")
        }
        self.zone = zone
        match = try Self.plan(rules.match, "matching.match")
        matchRequiresChosenStart = rules.match.requiresChosenStart
        order = try Self.plan(rules.priority.order, "priority.order")
        var boosts: [Boost] = []
        for boost in rules.priority.boosts {
            let amount: Amount
            switch boost.amount {
            case .duration(let duration): amount = .seconds(Double(duration.components.seconds))
            case .number(let number): amount = .number(number)
            case .expression(let expression): amount = .expression(try Self.plan(expression, "boost \(boost.label) by"))
            }
            boosts.append(Boost(label: boost.label, when: try Self.plan(boost.when, "boost \(boost.label) when"), amount: amount))
        }
        self.boosts = boosts
        rankedBucketing = !rules.priority.dependsOnEntryOnly ? nil : matchRequiresChosenStart ? .byStart : .byDay
        if case .computed(let expression) = rules.offers.timeout {
            timeout = try Self.plan(expression, "offers.timeout")
        } else {
            timeout = nil
        }
        guard let entrySlot = match.slot(for: "entry"), let slotSlot = match.slot(for: "slot"),
              let nowSlot = match.slot(for: "now") else {
            throw .unusableRules("the rule environment lacks 'entry', 'slot' or 'now'")
        }
        (self.entrySlot, self.slotSlot, self.nowSlot, slotCount) = (entrySlot, slotSlot, nowSlot, match.slotCount)
    }

    /// The variables of one evaluation, for any of the programs.
    func activation(entry: Value, slot: Value, now: Value) -> CELActivation {
        var activation = CELActivation(count: slotCount)
        activation[entrySlot] = entry
        activation[slotSlot] = slot
        activation[nowSlot] = now
        return activation
    }

    /// The entry's sort key: `priority.order` minus every boost whose `when` holds.
    func priorityKey(_ variables: CELActivation) -> PriorityKey {
        guard let value = try? order.evaluate(variables), var key = PriorityKey(value) else { return .unknown }
        for boost in boosts {
            guard case .bool(true)? = try? boost.when.evaluate(variables) else { continue }
            switch boost.amount {
            case .seconds(let seconds), .number(let seconds): key = key.lowered(by: seconds)
            case .expression(let program):
                if let amount = try? program.evaluate(variables), let number = PriorityKey(amount)?.number {
                    key = key.lowered(by: number)
                }
            }
        }
        return key
    }

    /// The sort key of an entry when the priority reads neither `slot` nor `now`
    /// (`rankedBucketing` is set): the same as `priorityKey` with any slot and any time.
    func entryOnlyPriorityKey(_ entry: WaitlistEntry, visits: Int) -> PriorityKey {
        priorityKey(activation(entry: entry.celValue(visits: visits), slot: .null, now: .null))
    }

    private static func plan(_ expression: CELExpression, _ setting: String) throws(EngineError) -> CELProgram {
        do {
            return try CELProgram(expression.expr, environment: RuleEnvironment.cel)
        } catch {
            throw .unusableRules("the setting '\(setting)' cannot run: \(error.message)")
        }
    }
}
