import Foundation
import RuleLang
import Runtime

/// Reads a tape folder (`calendar.ics`, `timeline.jsonl`, a `*.rules`) from disk for
/// `speedai-rules dry-run`; the replay itself is pure (`TapeReplay`).
public enum TapeLoader {
    /// Why a tape folder could not be read, in words for the person at the terminal.
    public struct LoadError: Error, CustomStringConvertible, Equatable {
        /// The message.
        public var description: String
    }

    /// The rule files directly inside `folder`, sorted.
    public static func ruleFiles(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".rules") }.sorted().map { join(folder, $0) }
    }

    /// Loads a tape folder, with `rulesPath` or else the folder's only `*.rules`.
    public static func load(folder: String, rulesPath: String?) throws(LoadError) -> TapeFiles {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else {
            throw LoadError(description: "\(folder): no such tape folder")
        }
        guard isDirectory.boolValue else {
            throw LoadError(description: "\(folder): a tape is a folder holding calendar.ics and timeline.jsonl, not a file")
        }
        let rules: String
        if let rulesPath {
            rules = rulesPath
        } else {
            let found = ruleFiles(in: folder)
            guard found.count == 1 else {
                throw LoadError(description: found.isEmpty
                    ? "\(folder): no *.rules file in the tape folder; give the rule file: speedai-rules dry-run RULES \(folder)"
                    : "\(folder): several rule files (\(found.joined(separator: ", "))); say which: speedai-rules dry-run RULES \(folder)")
            }
            rules = found[0]
        }
        return TapeFiles(rules: try read(rules), calendar: try read(join(folder, "calendar.ics")),
                         timeline: try read(join(folder, "timeline.jsonl")))
    }

    static func read(_ path: String) throws(LoadError) -> SourceFile {
        do {
            return SourceFile(name: path, bytes: try TextFileReader.read(path))
        } catch {
            throw LoadError(description: error.description)
        }
    }

    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
