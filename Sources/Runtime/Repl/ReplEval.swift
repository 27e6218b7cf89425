/// `eval`: a CEL expression evaluated in the session's context, the way a rule expression
/// would see it: `now` is the virtual clock, `entry` an entry chosen with `--entry N`,
/// `slot` a slot chosen with `--slot TIME` (with its free places now).
import RuleLang

extension ReplSession {
    /// `eval [--entry ENTRY] [--slot TIME] EXPR`; `text` is everything after `eval`.
    func eval(_ text: String) throws(ReplError) -> String {
        var rest = Substring(text)
        var entryWord: String?
        var slotWords: [String] = []
        while rest.hasPrefix("--") {
            let option = rest.prefix { $0 != " " }
            rest = rest.dropFirst(option.count).drop { $0 == " " }
            let value = rest.prefix { $0 != " " }
            guard !value.isEmpty else { throw ReplError("'\(option)' needs a value", help: "eval --entry 3 --slot 19:30 EXPR") }
            rest = rest.dropFirst(value.count).drop { $0 == " " }
            switch option {
            case "--entry": entryWord = String(value)
            case "--slot":
                slotWords = [String(value)]
                if ReplTimeReader.date(String(value)) != nil {
                    let time = rest.prefix { $0 != " " }
                    slotWords.append(String(time))
                    rest = rest.dropFirst(time.count).drop { $0 == " " }
                }
            default:
                throw ReplError("'eval' has no option '\(option)'",
                                help: Suggestions.didYouMean(String(option), among: ["--entry", "--slot"]) ?? "its options are --entry, --slot")
            }
        }
        let expression = String(rest)
        guard !expression.isEmpty else {
            throw ReplError("'eval' needs an expression", help: "for example: eval now.getHours('\(rules.establishment.timeZone)')")
        }
        let engine = driver.engine
        var variables: [String: Value] = ["now": celTimestamp(now)]
        if let entryWord {
            let entry = try entry(entryWord)
            variables["entry"] = entry.celValue(visits: engine.visits(of: entry.phone))
        }
        if !slotWords.isEmpty {
            var arguments = ReplArguments(command: "eval --slot", text: slotWords.joined(separator: " "))
            let start = try ReplTimeReader(zone: zone, now: now).time(from: &arguments)
            guard let slot = engine.replSlots.slot(startingAt: start) else {
                throw ReplError("no slot starts at \(clock(start))", help: "'slots' lists the day's slots")
            }
            variables["slot"] = slot.celValue(free: engine.freeForBooking(slot))
        }
        let (file, parse) = CELParser.parse(expression, fileName: "<eval>")
        let renderer = DiagnosticRenderer()
        guard let expr = parse.expr, !parse.diagnostics.contains(where: { $0.severity == .error }) else {
            return renderer.render(parse.diagnostics, in: file)
        }
        let checked = CELChecker(environment: RuleEnvironment.cel).check(expr)
        if checked.hasErrors { return renderer.render(checked.diagnostics, in: file) }
        let program: CELProgram
        do {
            program = try CELProgram(expr, environment: RuleEnvironment.cel)
        } catch {
            return renderer.render(.error(error.message, at: error.range), in: file)
        }
        for (name, example) in [("entry", "--entry 1"), ("slot", "--slot 19:30")]
        where Self.identifiers(in: expr).contains(name) && variables[name] == nil {
            throw ReplError("the expression uses '\(name)', but no \(name) is chosen", help: "choose one: eval \(example) \(expression)")
        }
        do {
            let value = try program.evaluate(variables)
            return "\(value.celDescription)  (\(checked.type.friendlyName))\n"
        } catch {
            return renderer.render(.error(error.message, at: error.range), in: file)
        }
    }

    /// Every identifier an expression reads (comprehension variables included, which only
    /// matters if one is called `entry` or `slot`).
    static func identifiers(in expr: CELExpr) -> Set<String> {
        switch expr.kind {
        case .constant: return []
        case .identifier(let name): return [name]
        case .select(let operand, _, _): return identifiers(in: operand)
        case let .call(_, target, args):
            return args.reduce(target.map(identifiers) ?? []) { $0.union(identifiers(in: $1)) }
        case .list(let elements): return elements.reduce([]) { $0.union(identifiers(in: $1)) }
        case .map(let entries): return entries.reduce([]) { $0.union(identifiers(in: $1.key)).union(identifiers(in: $1.value)) }
        case .structure(_, let fields): return fields.reduce([]) { $0.union(identifiers(in: $1.value)) }
        case .comprehension(let loop):
            return [loop.iterRange, loop.accuInit, loop.loopCondition, loop.loopStep, loop.result]
                .reduce([]) { $0.union(identifiers(in: $1)) }
        }
    }
}
