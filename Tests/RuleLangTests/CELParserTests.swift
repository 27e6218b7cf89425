import Testing
@testable import RuleLang

/// A compact S-expression rendering of the AST, so tests state the tree shape in one line.
func sexpr(_ expr: CELExpr) -> String {
    switch expr.kind {
    case .constant(let constant):
        switch constant {
        case .null: return "null"
        case .bool(let value): return "\(value)"
        case .int(let value): return "\(value)"
        case .uint(let value): return "\(value)u"
        case .double(let value): return "\(value)"
        case .string(let value): return "'\(value)'"
        case .bytes(let value): return "b\(value)"
        }
    case .identifier(let name): return name
    case .select(let operand, let field, let testOnly): return testOnly ? "has(\(sexpr(operand)).\(field))" : "\(sexpr(operand)).\(field)"
    case .call(let function, let target, let args):
        let parts = (target.map { [sexpr($0)] } ?? []) + args.map(sexpr)
        return "(\(target == nil ? "" : ".")\(function) \(parts.joined(separator: " ")))"
    case .list(let elements): return "[\(elements.map(sexpr).joined(separator: " "))]"
    case .map(let entries): return "{\(entries.map { "\(sexpr($0.key)):\(sexpr($0.value))" }.joined(separator: " "))}"
    case .structure(let name, let fields): return "\(name){\(fields.map { "\($0.field):\(sexpr($0.value))" }.joined(separator: " "))}"
    case .comprehension(let c): return "(\(c.macro) \(c.iterVar) \(sexpr(c.iterRange)) \(sexpr(c.loopStep)))"
    }
}

func parsed(_ text: String) -> String {
    let (_, result) = CELParser.parse(text)
    if let expr = result.expr { return sexpr(expr) }
    return "error: " + result.diagnostics.map(\.message).joined(separator: "; ")
}

@Test(arguments: [
    ("1 + 2 * 3", "(_+_ 1 (_*_ 2 3))"),
    ("a || b && c", "(_||_ a (_&&_ b c))"),
    ("a ? b : c ? d : e", "(_?_:_ a b (_?_:_ c d e))"),
    ("-9223372036854775808", "-9223372036854775808"),
    ("-(-9223372036854775808)", "(-_ -9223372036854775808)"),
    ("--x", "x"),
    ("!!!x", "(!_ x)"),
    ("-2.3e+1", "-23.0"),
    ("x in [1, 2,]", "(@in x [1 2])"),
    ("{'k': 1}['k']", "(_[_] {'k':1} 'k')"),
    ("'abc'.startsWith('a')", "(.startsWith 'abc' 'a')"),
    ("has(entry.email)", "has(entry.email)"),
    ("0x55555555u", "1431655765u"),
    (".99", "0.99"),
    ("a.b.c", "a.b.c"),
    ("size(x) >= 3", "(_>=_ (size x) 3)"),
])
func parsesOperatorsWithCELPrecedence(source: String, expected: String) {
    #expect(parsed(source) == expected)
}

@Test func expandsMacros() {
    #expect(parsed("[1,2].all(x, x > 0)") == "(all x [1 2] (_&&_ @result (_>_ x 0)))")
    #expect(parsed("[1,2].map(x, x * 2)").hasPrefix("(map x [1 2]"))
}

@Test(arguments: [
    ("'abc", "this string is never closed"),
    ("1 +", "expected a value"),
    ("(1 + 2", "expected ')'"),
    ("a = b", "unexpected character '='"),
    ("9223372036854775808", "too large"),
    ("if", "reserved word"),
    ("'\\q'", "unknown escape"),
])
func reportsSyntaxErrors(source: String, fragment: String) {
    #expect(parsed(source).contains(fragment), "\(parsed(source))")
}

@Test func stringEscapesAndPrefixes() {
    #expect(parsed(#"r'\n'"#) == #"'\n'"#)
    #expect(parsed(#"'\u270c'"#) == "'✌'")
    #expect(parsed(#"b'\377'"#) == "b[255]")
    #expect(parsed("'''a\nb'''") == "'a\nb'")
}

@Test func embeddedValueEndsAtEndOfLine() {
    let file = SourceFile(name: "t.rules", text: "match = slot.start in entry.slots\nnext = 1")
    let result = CELParser.parseEmbedded(file, start: 8)
    #expect(result.diagnostics.isEmpty)
    #expect(result.end == 33)
}

@Test func embeddedValueContinuesAfterTrailingOperatorAndInsideBrackets() {
    let text = "match = a &&\n  b # why\nx = min(1,\n 2)\n"
    let file = SourceFile(name: "t.rules", text: text)
    let first = CELParser.parseEmbedded(file, start: 8)
    #expect(first.expr.map(sexpr) == "(_&&_ a b)")
    let second = CELParser.parseEmbedded(file, start: text.utf8.count - 12)
    #expect(second.expr.map(sexpr) == "(min 1 2)")
}

@Test func embeddedValueStopsBeforeClosingBrace() {
    let file = SourceFile(name: "t.rules", text: "boost { when = entry.vip }")
    let result = CELParser.parseEmbedded(file, start: 15)
    #expect(result.expr.map(sexpr) == "entry.vip")
    #expect(result.end == 24)
}

@Test func deepNestingIsRefusedNotCrashed() {
    let text = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
    #expect(parsed(text).contains("nested too deeply"))
}
