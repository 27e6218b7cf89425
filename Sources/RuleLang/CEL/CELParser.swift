/// Parses CEL source into a `CELExpr`, following the grammar of the CEL language
/// definition (precedence from `?:` down to member access), folding negative numeric
/// literals (`-9223372036854775808`) and expanding macros as it goes.
///
/// Two modes:
/// - standalone (`speedai-rules eval`, conformance tests): the whole text is one expression;
/// - embedded (a value in a rule file): the expression starts at an offset and ends at the
///   end of its line, unless a bracket is still open or the line ends with an operator.
///   The caller gets the end offset back and carries on with the rule syntax.
///
/// Errors are collected, not thrown; the parser stops at the first syntax error of an
/// expression because the rest of an expression is rarely worth guessing at.
public struct CELParser {
    /// The result of parsing one expression.
    public struct Result: Sendable {
        /// The expression, or nil when there were syntax errors.
        public var expr: CELExpr?
        /// Byte offset just past the last token of the expression.
        public var end: Int
        public var diagnostics: [Diagnostic]
    }

    /// How deep expressions may nest before the parser refuses (protects the stack
    /// against adversarial input such as 100 000 opening parentheses).
    public static let maxDepth = 250

    private var lexer: CELLexer
    private var current: CELToken
    private var lookahead: CELToken?
    private var previousEnd: Int
    private var nextID = 1
    private var nesting = 0
    private var depth = 0
    private let embedded: Bool
    private var diagnostics: [Diagnostic] = []
    private var failed = false

    /// Parses the whole of `text` as one expression.
    public static func parse(_ text: String, fileName: String = "<expr>") -> (file: SourceFile, result: Result) {
        let file = SourceFile(name: fileName, text: text)
        return (file, parse(file))
    }

    /// Parses `file` (or a slice of it) as one standalone expression.
    public static func parse(_ file: SourceFile, start: Int = 0, end: Int? = nil) -> Result {
        var parser = CELParser(bytes: file.bytes, start: start, end: end ?? file.bytes.count, embedded: false)
        return parser.parseStandalone()
    }

    /// Parses one rule-file value starting at `start`; see the type's documentation.
    public static func parseEmbedded(_ file: SourceFile, start: Int, end: Int? = nil) -> Result {
        var parser = CELParser(bytes: file.bytes, start: start, end: end ?? file.bytes.count, embedded: true)
        return parser.parseEmbeddedValue()
    }

    private init(bytes: [UInt8], start: Int, end: Int, embedded: Bool) {
        self.embedded = embedded
        self.lexer = CELLexer(bytes: bytes, start: start, end: end, embedded: embedded)
        self.previousEnd = start
        self.current = CELToken(kind: .endOfInput, range: .point(start), followsNewline: false)
        self.current = lexer.next()
    }

    // MARK: - Entry points

    private mutating func parseStandalone() -> Result {
        let expr = parseExpression()
        if !failed, current.kind != .endOfInput {
            error("unexpected \(describe(current)) after the end of the expression", current.range)
        }
        return finish(expr)
    }

    private mutating func parseEmbeddedValue() -> Result {
        if current.kind == .endOfInput || current.followsNewline {
            error("expected a value", .point(current.range.start))
            return finish(nil)
        }
        let expr = parseExpression()
        return finish(expr)
    }

    private mutating func finish(_ expr: CELExpr?) -> Result {
        let all = lexer.diagnostics + diagnostics
        let sortedDiagnostics = all.sorted { $0.range.start < $1.range.start }
        return Result(expr: sortedDiagnostics.isEmpty ? expr : nil, end: previousEnd, diagnostics: sortedDiagnostics)
    }

    // MARK: - Token helpers

    private mutating func advance() {
        previousEnd = current.range.end
        if let next = lookahead {
            current = next
            lookahead = nil
        } else {
            current = lexer.next()
        }
    }

    private mutating func peekNext() -> CELToken {
        if let lookahead { return lookahead }
        let token = lexer.next()
        lookahead = token
        return token
    }

    /// In embedded mode, a token on a new line at bracket depth zero cannot continue the
    /// expression: it belongs to the next setting.
    private var atValueBoundary: Bool {
        embedded && nesting == 0 && (current.followsNewline || current.kind == .endOfInput)
    }

    private func isPunctuation(_ text: String) -> Bool {
        if case .punctuation(let p) = current.kind, p == text { return true }
        return false
    }

    /// True when the current token is `text` and may continue the expression.
    private func continues(with text: String) -> Bool {
        isPunctuation(text) && !atValueBoundary
    }

    private mutating func newID() -> Int {
        defer { nextID += 1 }
        return nextID
    }

    private mutating func node(_ kind: CELExpr.Kind, _ range: SourceRange) -> CELExpr {
        CELExpr(id: newID(), range: range, kind: kind)
    }

    private mutating func error(_ message: String, _ range: SourceRange, help: String? = nil) {
        if failed { return }
        failed = true
        diagnostics.append(.error(message, at: range, help: help))
    }

    private func describe(_ token: CELToken) -> String {
        switch token.kind {
        case .identifier(let name): return "name '\(name)'"
        case .int, .uint, .double, .intMagnitude: return "number"
        case .string: return "string"
        case .bytes: return "bytes literal"
        case .true: return "'true'"
        case .false: return "'false'"
        case .null: return "'null'"
        case .in: return "'in'"
        case .punctuation(let p): return "'\(p)'"
        case .invalid: return "invalid text"
        case .endOfInput: return embedded ? "end of line" : "end of expression"
        }
    }

    private mutating func expect(_ text: String, closing open: SourceRange? = nil, context: String) -> Bool {
        if isPunctuation(text) {
            advance()
            return true
        }
        if current.kind == .invalid { failed = true; return false }
        var help: String?
        if let open, text == ")" || text == "]" || text == "}" {
            help = "the bracket opened here needs a matching '\(text)'"
            _ = open
        }
        error("expected '\(text)' \(context), found \(describe(current))", current.kind == .endOfInput ? .point(previousEnd) : current.range, help: help)
        return false
    }

    // MARK: - Grammar

    /// Expr = ConditionalOr ["?" ConditionalOr ":" Expr]
    private mutating func parseExpression() -> CELExpr? {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth {
            error("this expression is nested too deeply (more than \(Self.maxDepth) levels)", current.range)
            return nil
        }
        guard let condition = parseOr() else { return nil }
        guard continues(with: "?") else { return condition }
        advance()
        guard let whenTrue = parseOr() else { return nil }
        guard expect(":", context: "between the two branches of '?'") else { return nil }
        guard let whenFalse = parseExpression() else { return nil }
        return node(.call(function: CELOperator.conditional, target: nil, args: [condition, whenTrue, whenFalse]),
                    condition.range.union(whenFalse.range))
    }

    private mutating func parseOr() -> CELExpr? {
        guard var left = parseAnd() else { return nil }
        while continues(with: "||") {
            advance()
            guard let right = parseAnd() else { return nil }
            left = node(.call(function: CELOperator.logicalOr, target: nil, args: [left, right]), left.range.union(right.range))
        }
        return left
    }

    private mutating func parseAnd() -> CELExpr? {
        guard var left = parseRelation() else { return nil }
        while continues(with: "&&") {
            advance()
            guard let right = parseRelation() else { return nil }
            left = node(.call(function: CELOperator.logicalAnd, target: nil, args: [left, right]), left.range.union(right.range))
        }
        return left
    }

    private mutating func relationOperator() -> String? {
        if atValueBoundary { return nil }
        switch current.kind {
        case .in: return CELOperator.in
        case .punctuation("<"): return CELOperator.less
        case .punctuation("<="): return CELOperator.lessEquals
        case .punctuation(">"): return CELOperator.greater
        case .punctuation(">="): return CELOperator.greaterEquals
        case .punctuation("=="): return CELOperator.equals
        case .punctuation("!="): return CELOperator.notEquals
        default: return nil
        }
    }

    private mutating func parseRelation() -> CELExpr? {
        guard var left = parseAddition() else { return nil }
        while let op = relationOperator() {
            advance()
            guard let right = parseAddition() else { return nil }
            left = node(.call(function: op, target: nil, args: [left, right]), left.range.union(right.range))
        }
        return left
    }

    private mutating func parseAddition() -> CELExpr? {
        guard var left = parseMultiplication() else { return nil }
        while !atValueBoundary {
            let op: String
            if isPunctuation("+") { op = CELOperator.add } else if isPunctuation("-") { op = CELOperator.subtract } else { break }
            advance()
            guard let right = parseMultiplication() else { return nil }
            left = node(.call(function: op, target: nil, args: [left, right]), left.range.union(right.range))
        }
        return left
    }

    private mutating func parseMultiplication() -> CELExpr? {
        guard var left = parseUnary() else { return nil }
        while !atValueBoundary {
            let op: String
            if isPunctuation("*") { op = CELOperator.multiply }
            else if isPunctuation("/") { op = CELOperator.divide }
            else if isPunctuation("%") { op = CELOperator.modulo }
            else { break }
            advance()
            guard let right = parseUnary() else { return nil }
            left = node(.call(function: op, target: nil, args: [left, right]), left.range.union(right.range))
        }
        return left
    }

    /// Unary = Member | "!" {"!"} Member | "-" {"-"} Member. An even run of the same
    /// operator cancels out, as in cel-go; `-` directly before a number makes a negative
    /// literal, so `-9223372036854775808` is representable.
    private mutating func parseUnary() -> CELExpr? {
        let start = current.range.start
        if isPunctuation("!") {
            var count = 0
            while isPunctuation("!") { count += 1; advance() }
            guard let operand = parseMember() else { return nil }
            if count % 2 == 0 { return operand }
            return node(.call(function: CELOperator.logicalNot, target: nil, args: [operand]), SourceRange(start: start, end: operand.range.end))
        }
        if isPunctuation("-") {
            var count = 0
            while isPunctuation("-") { count += 1; advance() }
            var operand: CELExpr?
            switch current.kind {
            case .int, .double, .intMagnitude:
                count -= 1
                operand = parseMember(negativeLiteralFrom: start)
            default:
                operand = parseMember()
            }
            guard let operand else { return nil }
            if count % 2 == 0 { return operand }
            return node(.call(function: CELOperator.negate, target: nil, args: [operand]), SourceRange(start: start, end: operand.range.end))
        }
        return parseMember()
    }

    /// Member = Primary { "." name ["(" args ")"] | "[" Expr "]" }
    private mutating func parseMember(negativeLiteralFrom negativeStart: Int? = nil) -> CELExpr? {
        guard var expr = parsePrimary(negativeLiteralFrom: negativeStart) else { return nil }
        while !atValueBoundary {
            if isPunctuation(".") {
                advance()
                guard case .identifier(let name) = current.kind else {
                    if case .invalid = current.kind { failed = true; return nil }
                    error("expected a field or method name after '.', found \(describe(current))", current.range)
                    return nil
                }
                let nameRange = current.range
                advance()
                if isPunctuation("(") {
                    guard let args = parseArguments() else { return nil }
                    let range = SourceRange(start: expr.range.start, end: previousEnd)
                    guard let call = makeReceiverCall(name, target: expr, args: args, range: range, nameRange: nameRange) else { return nil }
                    expr = call
                } else {
                    expr = node(.select(operand: expr, field: name, testOnly: false), SourceRange(start: expr.range.start, end: nameRange.end))
                }
            } else if isPunctuation("[") {
                let open = current.range
                advance()
                nesting += 1
                let index = parseExpression()
                nesting -= 1
                guard let index else { return nil }
                guard expect("]", closing: open, context: "to close the index") else { return nil }
                expr = node(.call(function: CELOperator.index, target: nil, args: [expr, index]), SourceRange(start: expr.range.start, end: previousEnd))
            } else if isPunctuation("{"), let typeName = qualifiedName(of: expr), !embedded || !current.followsNewline {
                // Message construction `Type{...}`; in rule files a `{` after a name on
                // the same line can only mean this too.
                guard let fields = parseFieldInitializers() else { return nil }
                expr = node(.structure(typeName: typeName, fields: fields), SourceRange(start: expr.range.start, end: previousEnd))
            } else {
                break
            }
        }
        return expr
    }

    /// `a.b.c` as a dotted name, when the expression is only identifiers and selects.
    private func qualifiedName(of expr: CELExpr) -> String? {
        switch expr.kind {
        case .identifier(let name): return name
        case .select(let operand, let field, false): return qualifiedName(of: operand).map { "\($0).\(field)" }
        default: return nil
        }
    }

    private mutating func parsePrimary(negativeLiteralFrom negativeStart: Int?) -> CELExpr? {
        let token = current
        let start = negativeStart ?? token.range.start
        switch token.kind {
        case .int(let value):
            advance()
            return node(.constant(.int(negativeStart == nil ? value : -value)), SourceRange(start: start, end: token.range.end))
        case .intMagnitude(let magnitude):
            advance()
            if negativeStart != nil, magnitude == UInt64(Int64.max) + 1 {
                return node(.constant(.int(Int64.min)), SourceRange(start: start, end: token.range.end))
            }
            error("the number is too large for an int", SourceRange(start: start, end: token.range.end),
                  help: "ints go from -9223372036854775808 to 9223372036854775807; add 'u' for a uint")
            return nil
        case .double(let value):
            advance()
            return node(.constant(.double(negativeStart == nil ? value : -value)), SourceRange(start: start, end: token.range.end))
        case .uint(let value):
            advance()
            return node(.constant(.uint(value)), token.range)
        case .string(let value):
            advance()
            return node(.constant(.string(value)), token.range)
        case .bytes(let value):
            advance()
            return node(.constant(.bytes(value)), token.range)
        case .true:
            advance()
            return node(.constant(.bool(true)), token.range)
        case .false:
            advance()
            return node(.constant(.bool(false)), token.range)
        case .null:
            advance()
            return node(.constant(.null), token.range)
        case .identifier(let name):
            advance()
            if isPunctuation("(") && !atValueBoundary {
                guard let args = parseArguments() else { return nil }
                return makeGlobalCall(name, args: args, range: SourceRange(start: start, end: previousEnd), nameRange: token.range)
            }
            return node(.identifier(name), token.range)
        case .punctuation("."):
            // A leading dot names something in the root scope: `.x`.
            advance()
            guard case .identifier(let name) = current.kind else {
                error("expected a name after '.', found \(describe(current))", current.range)
                return nil
            }
            let nameRange = current.range
            advance()
            if isPunctuation("(") && !atValueBoundary {
                guard let args = parseArguments() else { return nil }
                return node(.call(function: name, target: nil, args: args), SourceRange(start: start, end: previousEnd))
            }
            return node(.identifier("." + name), SourceRange(start: start, end: nameRange.end))
        case .punctuation("("):
            advance()
            nesting += 1
            let inner = parseExpression()
            nesting -= 1
            guard let inner else { return nil }
            guard expect(")", closing: token.range, context: "to close '('") else { return nil }
            return inner
        case .punctuation("["):
            advance()
            nesting += 1
            defer { nesting -= 1 }
            var elements: [CELExpr] = []
            while !isPunctuation("]") {
                guard let element = parseExpression() else { return nil }
                elements.append(element)
                if isPunctuation(",") { advance(); continue }
                if !isPunctuation("]") {
                    _ = expect("]", closing: token.range, context: "or ',' in the list")
                    return nil
                }
            }
            advance()
            return node(.list(elements: elements), SourceRange(start: start, end: previousEnd))
        case .punctuation("{"):
            advance()
            nesting += 1
            defer { nesting -= 1 }
            var entries: [CELMapEntry] = []
            while !isPunctuation("}") {
                guard let key = parseExpression() else { return nil }
                guard expect(":", context: "between a map key and its value") else { return nil }
                guard let value = parseExpression() else { return nil }
                entries.append(CELMapEntry(key: key, value: value))
                if isPunctuation(",") { advance(); continue }
                if !isPunctuation("}") {
                    _ = expect("}", closing: token.range, context: "or ',' in the map")
                    return nil
                }
            }
            advance()
            return node(.map(entries: entries), SourceRange(start: start, end: previousEnd))
        case .invalid:
            failed = true
            return nil
        case .endOfInput:
            error("expected a value, found \(describe(token))", .point(previousEnd))
            return nil
        default:
            error("expected a value, found \(describe(token))", token.range)
            return nil
        }
    }

    /// `(` [Expr {"," Expr}] [","] `)`; the current token is `(`.
    private mutating func parseArguments() -> [CELExpr]? {
        let open = current.range
        advance()
        nesting += 1
        defer { nesting -= 1 }
        var args: [CELExpr] = []
        while !isPunctuation(")") {
            guard let arg = parseExpression() else { return nil }
            args.append(arg)
            if isPunctuation(",") { advance(); continue }
            if !isPunctuation(")") {
                _ = expect(")", closing: open, context: "or ',' in the argument list")
                return nil
            }
        }
        advance()
        return args
    }

    /// `{` [name ":" Expr {"," ...}] [","] `}` of a message literal; current token is `{`.
    private mutating func parseFieldInitializers() -> [CELFieldInitializer]? {
        let open = current.range
        advance()
        nesting += 1
        defer { nesting -= 1 }
        var fields: [CELFieldInitializer] = []
        while !isPunctuation("}") {
            guard case .identifier(let name) = current.kind else {
                error("expected a field name, found \(describe(current))", current.range)
                return nil
            }
            let nameRange = current.range
            advance()
            guard expect(":", context: "after the field name") else { return nil }
            guard let value = parseExpression() else { return nil }
            fields.append(CELFieldInitializer(field: name, value: value, range: nameRange.union(value.range)))
            if isPunctuation(",") { advance(); continue }
            if !isPunctuation("}") {
                _ = expect("}", closing: open, context: "or ',' in the field list")
                return nil
            }
        }
        advance()
        return fields
    }

    // MARK: - Macros

    private mutating func makeGlobalCall(_ name: String, args: [CELExpr], range: SourceRange, nameRange: SourceRange) -> CELExpr? {
        if name == "has" {
            guard args.count == 1, case .select(let operand, let field, false) = args[0].kind else {
                error("has() takes one field selection, like has(entry.email)", range)
                return nil
            }
            return node(.select(operand: operand, field: field, testOnly: true), range)
        }
        return node(.call(function: name, target: nil, args: args), range)
    }

    private mutating func makeReceiverCall(_ name: String, target: CELExpr, args: [CELExpr], range: SourceRange, nameRange: SourceRange) -> CELExpr? {
        let isMacro: Bool
        switch (name, args.count) {
        case ("all", 2), ("exists", 2), ("exists_one", 2), ("map", 2), ("map", 3), ("filter", 2): isMacro = true
        default: isMacro = false
        }
        guard isMacro else { return node(.call(function: name, target: target, args: args), range) }
        guard case .identifier(let variable) = args[0].kind, !variable.hasPrefix(".") else {
            error("the first argument of \(name)() must be a simple variable name, like \(name)(s, ...)", args[0].range)
            return nil
        }
        let accu = CELOperator.accumulator
        func ident(_ name: String) -> CELExpr { node(.identifier(name), range) }
        func call(_ function: String, _ arguments: [CELExpr]) -> CELExpr {
            node(.call(function: function, target: nil, args: arguments), range)
        }
        func constant(_ value: CELConstant) -> CELExpr { node(.constant(value), range) }
        let comprehension: CELComprehension
        switch name {
        case "all":
            comprehension = CELComprehension(
                macro: name, iterVar: variable, iterRange: target, accuVar: accu,
                accuInit: constant(.bool(true)),
                loopCondition: call(CELOperator.notStrictlyFalse, [ident(accu)]),
                loopStep: call(CELOperator.logicalAnd, [ident(accu), args[1]]),
                result: ident(accu))
        case "exists":
            comprehension = CELComprehension(
                macro: name, iterVar: variable, iterRange: target, accuVar: accu,
                accuInit: constant(.bool(false)),
                loopCondition: call(CELOperator.notStrictlyFalse, [call(CELOperator.logicalNot, [ident(accu)])]),
                loopStep: call(CELOperator.logicalOr, [ident(accu), args[1]]),
                result: ident(accu))
        case "exists_one":
            comprehension = CELComprehension(
                macro: name, iterVar: variable, iterRange: target, accuVar: accu,
                accuInit: constant(.int(0)),
                loopCondition: constant(.bool(true)),
                loopStep: call(CELOperator.conditional, [args[1], call(CELOperator.add, [ident(accu), constant(.int(1))]), ident(accu)]),
                result: call(CELOperator.equals, [ident(accu), constant(.int(1))]))
        case "map":
            let transform = args.count == 3 ? args[2] : args[1]
            let append = call(CELOperator.add, [ident(accu), node(.list(elements: [transform]), range)])
            let step = args.count == 3 ? call(CELOperator.conditional, [args[1], append, ident(accu)]) : append
            comprehension = CELComprehension(
                macro: name, iterVar: variable, iterRange: target, accuVar: accu,
                accuInit: node(.list(elements: []), range),
                loopCondition: constant(.bool(true)),
                loopStep: step,
                result: ident(accu))
        default: // filter
            let append = call(CELOperator.add, [ident(accu), node(.list(elements: [ident(variable)]), range)])
            comprehension = CELComprehension(
                macro: name, iterVar: variable, iterRange: target, accuVar: accu,
                accuInit: node(.list(elements: []), range),
                loopCondition: constant(.bool(true)),
                loopStep: call(CELOperator.conditional, [args[1], append, ident(accu)]),
                result: ident(accu))
        }
        return node(.comprehension(comprehension), range)
    }
}
