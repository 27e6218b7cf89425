import Foundation

/// Early warnings for constant arguments that are sure to fail at run time: a time zone
/// name that does not exist (`getHours('Europe/Pari')`) or a duration text that does not
/// parse (`duration('15x')`). An admin learns about the typo when saving the rules rather
/// than when the first offer goes out. Warnings, not errors: CEL defines these as run-time
/// errors, and the conformance suites expect checking to succeed.
extension CELCheckRun {
    mutating func checkConstantArguments(_ function: String, args: [CELExpr], overloads: [String]) {
        if overloads.allSatisfy({ $0.hasSuffix("_with_tz") }), let zone = args.first,
           case .constant(.string(let name)) = zone.kind, !Self.isKnownTimeZone(name) {
            if name.contains(":") {
                diagnostics.append(.warning("'\(name)' is not a valid UTC offset", at: zone.range,
                                            help: "write it like '+05:30' or '-08:00'"))
            } else {
                diagnostics.append(.warning(
                    "unknown time zone '\(name)'", at: zone.range,
                    help: Suggestions.didYouMean(name, among: TimeZone.knownTimeZoneIdentifiers)
                        ?? "use a name like 'Europe/Paris' or an offset like '+01:00'"))
            }
        }
        if function == "duration", overloads == ["string_to_duration"], let text = args.first,
           case .constant(.string(let value)) = text.kind, !Self.isValidDuration(value) {
            diagnostics.append(.warning(
                "'\(value)' is not a duration", at: text.range,
                help: "write durations like '15m', '1h30m', '90s' or '250ms' (units h, m, s, ms, us, ns)"))
        }
    }

    /// An IANA name known to the system, or a fixed offset `[+|-]HH:MM` (as cel-go and the
    /// evaluator accept: hours below 24, minutes below 60).
    static func isKnownTimeZone(_ name: String) -> Bool {
        guard name.contains(":") else { return TimeZone(identifier: name) != nil }
        var text = Substring(name)
        if let first = text.first, first == "+" || first == "-" { text = text.dropFirst() }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { ("0"..."9").contains($0) } }),
              let hours = Int(parts[0]), let minutes = Int(parts[1]) else { return false }
        return hours < 24 && minutes < 60
    }

    /// Go's `time.ParseDuration` grammar, which CEL uses: an optional sign, then one or
    /// more decimal numbers each followed by a unit (`h m s ms us µs ns`), or just `0`.
    static func isValidDuration(_ text: String) -> Bool {
        var rest = Array(text.unicodeScalars)[...]
        if let first = rest.first, first == "+" || first == "-" { rest = rest.dropFirst() }
        if rest.elementsEqual(["0"]) { return true }
        if rest.isEmpty { return false }
        func isNumberPart(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) || scalar == "." }
        let units = ["ns", "us", "µs", "μs", "ms", "s", "m", "h"]
        while !rest.isEmpty {
            let number = rest.prefix(while: isNumberPart)
            let dots = number.filter { $0 == "." }.count
            guard number.count > dots, dots <= 1 else { return false }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !isNumberPart($0) }
            guard units.contains(String(String.UnicodeScalarView(unit))) else { return false }
            rest = rest.dropFirst(unit.count)
        }
        return true
    }
}
