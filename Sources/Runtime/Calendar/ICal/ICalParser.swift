/// Reads an iCalendar file (RFC 5545) into an `ICalCalendar`: the BEGIN/END component
/// structure, VEVENT properties (via `ICalEventBuilder`), and checks across events
/// (duplicate UIDs, overrides without their event, rules that never produce anything).
/// Never crashes and never stops at the first problem: every error is a located
/// `Diagnostic`, and the calendar is returned only when there are none.
import RuleLang

/// The .ics reader.
public enum ICalParser {
    /// Parses `text`; diagnostics carry byte ranges into it (render them with
    /// `DiagnosticRenderer` and `SourceFile(name: fileName, text: text)`).
    ///
    /// - Returns: the calendar, or nil when there is any error; and the errors and
    ///   warnings in file order.
    public static func parse(text: String, fileName: String) -> (ICalCalendar?, [Diagnostic]) {
        parse(SourceFile(name: fileName, text: text))
    }

    /// Parses a source file; see `parse(text:fileName:)`.
    public static func parse(_ file: SourceFile) -> (ICalCalendar?, [Diagnostic]) {
        var bag = DiagnosticBag()
        var walk = ComponentWalk()
        for parsed in ICalContentLineReader.read(file) {
            switch parsed {
            case .line(let line): walk.visit(line, file: file)
            case .problem(let diagnostic):
                bag.append(diagnostic)
                walk.builder?.noteUnreadableLine()
            }
        }
        walk.finish(file: file)
        bag.append(contentsOf: walk.diagnostics)
        bag.append(contentsOf: crossCheck(walk.events, file: file))
        let diagnostics = bag.sorted
        return (bag.hasErrors ? nil : ICalCalendar(events: walk.events), diagnostics)
    }

    /// The BEGIN/END stack and the event being built.
    private struct ComponentWalk {
        var stack: [(name: String, line: ICalContentLine)] = []
        var builder: ICalEventBuilder?
        var events: [ICalEvent] = []
        var diagnostics: [Diagnostic] = []
        var sawCalendar = false
        var reportedStrayContent = false

        mutating func visit(_ line: ICalContentLine, file: SourceFile) {
            switch line.name {
            case "BEGIN": begin(line)
            case "END": end(line)
            default:
                if stack.isEmpty {
                    strayContent(line, what: "\(line.name)")
                } else if stack.last?.name == "VEVENT" {
                    builder?.add(line)
                }
            }
        }

        private mutating func begin(_ line: ICalContentLine) {
            let component = line.value.trimmingSpaces.uppercased()
            if component.isEmpty {
                diagnostics.append(.error("BEGIN needs a component name", at: line.valueRange,
                                          help: "write BEGIN:VCALENDAR or BEGIN:VEVENT"))
                return
            }
            if stack.isEmpty {
                if component != "VCALENDAR" { strayContent(line, what: "BEGIN:\(component)") }
                sawCalendar = sawCalendar || component == "VCALENDAR"
            } else if component == "VCALENDAR" {
                diagnostics.append(.error("BEGIN:VCALENDAR inside another VCALENDAR", at: line.valueRange,
                                          help: "close the first one with END:VCALENDAR before starting another"))
            }
            if component == "VEVENT" && stack.last?.name == "VCALENDAR" {
                builder = ICalEventBuilder(begin: line)
            }
            stack.append((component, line))
        }

        private mutating func end(_ line: ICalContentLine) {
            let component = line.value.trimmingSpaces.uppercased()
            guard let open = stack.last else {
                diagnostics.append(.error("END:\(component) has no matching BEGIN:\(component)", at: line.valueRange,
                                          help: "remove this line, or add BEGIN:\(component) before it"))
                return
            }
            if open.name != component {
                diagnostics.append(.error(
                    "END:\(component) does not match BEGIN:\(open.name) on line \(open.line.line)", at: line.valueRange,
                    help: stack.contains(where: { $0.name == component })
                        ? "add END:\(open.name) before this line" : "did you mean 'END:\(open.name)'?"))
                // Close up to the matching BEGIN if there is one; otherwise treat this
                // line as the END the open component lacked, and carry on.
                if stack.contains(where: { $0.name == component }) {
                    while let top = stack.last, top.name != component { close(top.name) }
                }
            }
            if let top = stack.last { close(top.name) }
        }

        private mutating func close(_ component: String) {
            stack.removeLast()
            if component == "VEVENT", stack.last?.name == "VCALENDAR", let finished = builder {
                let (event, problems) = finished.build()
                diagnostics.append(contentsOf: problems)
                if let event { events.append(event) }
                builder = nil
            }
        }

        private mutating func strayContent(_ line: ICalContentLine, what: String) {
            guard !reportedStrayContent else { return }
            reportedStrayContent = true
            diagnostics.append(.error(
                "\(what) is outside BEGIN:VCALENDAR ... END:VCALENDAR", at: line.nameRange.union(line.valueRange),
                help: sawCalendar ? "move it before END:VCALENDAR" : "an .ics file starts with BEGIN:VCALENDAR"))
        }

        mutating func finish(file: SourceFile) {
            for open in stack.reversed() {
                diagnostics.append(.error("BEGIN:\(open.name) on line \(open.line.line) is never closed", at: open.line.valueRange,
                                          help: "add END:\(open.name)"))
            }
            if !sawCalendar && diagnostics.isEmpty {
                diagnostics.append(.error("this is not an iCalendar file: it has no BEGIN:VCALENDAR",
                                          at: SourceRange(start: 0, end: min(file.bytes.count, file.lineStarts.count > 1 ? file.lineStarts[1] - 1 : file.bytes.count)),
                                          help: "an .ics file starts with BEGIN:VCALENDAR and ends with END:VCALENDAR"))
            }
        }
    }

    /// Checks that need every event: one master per UID, overrides that belong to an
    /// event, and one override per occurrence.
    private static func crossCheck(_ events: [ICalEvent], file: SourceFile) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var masters: [String: ICalEvent] = [:]
        for event in events where event.recurrenceID == nil {
            if let first = masters[event.uid] {
                let line = file.location(of: first.range.start).line
                diagnostics.append(.error("another event on line \(line) already has UID '\(event.uid)'", at: event.range,
                                          help: "give each event its own UID; to change one occurrence of a repeating event, add RECURRENCE-ID"))
            } else {
                masters[event.uid] = event
            }
        }
        var overrides: [String: ICalEvent] = [:]
        for event in events {
            guard let recurrenceID = event.recurrenceID else { continue }
            if masters[event.uid] == nil {
                diagnostics.append(.warning("no event with UID '\(event.uid)' for this RECURRENCE-ID to change; it is kept as a single event",
                                            at: event.range))
            }
            let key = "\(event.uid)\u{0}\(ICalDateText.format(recurrenceID.local, isDate: recurrenceID.isDate, isUTC: recurrenceID.form == .utc))"
            if let first = overrides[key] {
                let line = file.location(of: first.range.start).line
                diagnostics.append(.error("the event on line \(line) already changes this occurrence of '\(event.uid)'",
                                          at: event.range, help: "keep one VEVENT per RECURRENCE-ID"))
            } else {
                overrides[key] = event
            }
        }
        return diagnostics
    }
}
