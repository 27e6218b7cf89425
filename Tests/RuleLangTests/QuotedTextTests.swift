import Testing
@testable import RuleLang

/// Quoted values as the rules mean them: triple-quoted text dedented like Swift's
/// multi-line strings, and offsets in the text mapped back into the file.
struct QuotedTextTests {
    /// Reads the one string value of `key = <string>` in `text`.
    func read(_ text: String) throws -> (QuotedText, SourceFile) {
        let file = SourceFile(name: "t", text: text)
        let syntax = RuleParser.parse(file)
        guard case .setting(let setting)? = syntax.items.first,
              case .constant(.string(let decoded))? = setting.value.expression?.kind else {
            Issue.record("no string setting in \(text)")
            throw CancellationError()
        }
        return (QuotedText.read(file, range: setting.value.range, decoded: decoded), file)
    }

    @Test func tripleQuotedTextIsDedentedByTheClosingLine() throws {
        let (quoted, _) = try read("t = \"\"\"\n    Bonjour\n      indenté\n\n    fin\n    \"\"\"\n")
        #expect(quoted.text == "Bonjour\n  indenté\n\nfin")
        #expect(quoted.underIndentedLines.isEmpty)
    }

    @Test func aBlankLineBeforeTheClosingDelimiterIsAFinalLineBreak() throws {
        let (quoted, _) = try read("t = \"\"\"\n  a\n\n  \"\"\"\n")
        #expect(quoted.text == "a\n")
    }

    @Test func offsetsMapIntoTheFile() throws {
        let (quoted, file) = try read("t = \"\"\"\n    Bonjour {{prenom}}\n    \"\"\"\n")
        let start = quoted.text.utf8.count - "{{prenom}}".utf8.count + 2
        let range = SourceRange(start: start, end: start + "prenom".utf8.count)
        #expect(file.text(in: quoted.fileRange(of: range)) == "prenom")
        #expect(file.location(of: quoted.fileRange(of: range).start).line == 2)
    }

    @Test func offsetsMapAcrossAccentsOnLaterLines() throws {
        let (quoted, file) = try read("t = \"\"\"\n  Créneau libéré\n  à {{heure}}\n  \"\"\"\n")
        let text = Array(quoted.text.utf8)
        let start = try #require((0..<text.count).first { text[$0] == UInt8(ascii: "h") })
        #expect(file.text(in: quoted.fileRange(of: SourceRange(start: start, end: start + 5))) == "heure")
    }

    @Test func singleLineStringsMapExactly() throws {
        let (quoted, file) = try read("t = \"Oui : {{lien_oui}}\"\n")
        #expect(quoted.text == "Oui : {{lien_oui}}")
        #expect(file.text(in: quoted.fileRange(of: SourceRange(start: 8, end: 16))) == "lien_oui")
    }

    @Test func escapesMapToTheWholeString() throws {
        let (quoted, file) = try read("t = \"a\\n{{b}}\"\n")
        #expect(quoted.text == "a\n{{b}}")
        #expect(quoted.fileOffsets == nil)
        #expect(file.text(in: quoted.fileRange(of: SourceRange(start: 4, end: 5))) == "\"a\\n{{b}}\"")
    }

    @Test func rawStringsHaveNoEscapes() throws {
        let (quoted, _) = try read("t = r\"a\\n\"\n")
        #expect(quoted.text == "a\\n")
        #expect(quoted.fileOffsets != nil)
    }

    @Test func underIndentedLinesAreReported() throws {
        let (quoted, file) = try read("t = \"\"\"\n    bien\n  mal\n    \"\"\"\n")
        #expect(quoted.text == "bien\nmal")
        #expect(quoted.underIndentedLines.map { file.text(in: $0) } == ["  mal"])
    }

    @Test func textOnTheOpeningLineIsNotDedented() throws {
        let (quoted, _) = try read("t = \"\"\"a\n  b\"\"\"\n")
        #expect(quoted.text == "a\n  b")
    }

    @Test func crlfLineEndingsAreDedentedToo() throws {
        let (quoted, _) = try read("t = \"\"\"\r\n  a\r\n  b\r\n  \"\"\"\r\n")
        #expect(quoted.text == "a\nb")
    }
}
