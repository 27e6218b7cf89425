/// A hand-written argument parser: flags (`--check`, `-w`), options with a value
/// (`--var NAME=JSON`, `--skip FILE`, also `--skip=FILE`), repeated options, and
/// positional arguments. `--` ends options.
struct OptionSpec {
    /// Names including dashes, e.g. `["-w", "--write"]`.
    var names: [String]
    /// True when the option takes a value.
    var takesValue: Bool
    var help: String

    static func flag(_ names: String..., help: String) -> OptionSpec {
        OptionSpec(names: names, takesValue: false, help: help)
    }

    static func value(_ names: String..., help: String) -> OptionSpec {
        OptionSpec(names: names, takesValue: true, help: help)
    }
}

/// A mistake on the command line.
struct UsageError: Error {
    var message: String
}

struct ParsedArguments {
    /// Values by the option's first (canonical) name; flags map to `[""]` per use.
    private(set) var values: [String: [String]] = [:]
    private(set) var positional: [String] = []

    init(_ arguments: [String], options: [OptionSpec]) throws(UsageError) {
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                positional.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            guard let spec = options.first(where: { $0.names.contains(name) }) else {
                // A negative number or an expression starting with '-' is a positional argument.
                if let first = argument.dropFirst().first, first.isNumber || first == "(" || first == " " {
                    positional.append(argument)
                    continue
                }
                var message = "unknown option '\(name)'"
                let allNames = options.flatMap(\.names)
                if let suggestion = Suggestions.closest(to: name, among: allNames) {
                    message += "; did you mean '\(suggestion)'?"
                }
                throw UsageError(message: message)
            }
            let key = spec.names[0]
            if spec.takesValue {
                if let inlineValue {
                    values[key, default: []].append(inlineValue)
                } else if index < arguments.count {
                    values[key, default: []].append(arguments[index])
                    index += 1
                } else {
                    throw UsageError(message: "option '\(name)' needs a value")
                }
            } else {
                if inlineValue != nil { throw UsageError(message: "option '\(name)' takes no value") }
                values[key, default: []].append("")
            }
        }
    }

    func has(_ name: String) -> Bool { values[name] != nil }
    func all(_ name: String) -> [String] { values[name] ?? [] }
    func last(_ name: String) -> String? { values[name]?.last }
}

import RuleLang
