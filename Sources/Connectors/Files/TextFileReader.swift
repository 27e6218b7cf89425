import Foundation

/// Reads the files an admin points the tools at (rule files, conformance data), with the
/// guard rails a command-line tool owes its user: a clear message for a missing file, a
/// directory, or a file too large to be what it claims to be.
public enum TextFileReader {
    /// Rule files are a few kilobytes; anything above this is a mistake (a log, a dump).
    public static let defaultSizeLimit = 8 * 1024 * 1024

    /// Why a file could not be read, in words for the person at the terminal.
    public enum ReadError: Error, CustomStringConvertible, Equatable {
        case notFound(String)
        case isDirectory(String)
        case tooLarge(String, bytes: Int, limit: Int)
        case unreadable(String, reason: String)

        public var description: String {
            switch self {
            case .notFound(let path): return "\(path): no such file"
            case .isDirectory(let path): return "\(path): is a directory, not a file"
            case .tooLarge(let path, let bytes, let limit):
                return "\(path): file is \(bytes / 1024) KiB; the limit is \(limit / 1024) KiB"
            case .unreadable(let path, let reason): return "\(path): cannot be read (\(reason))"
            }
        }
    }

    /// The file's bytes, or a `ReadError`.
    public static func read(_ path: String, sizeLimit: Int = defaultSizeLimit) throws(ReadError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .notFound(path) }
        if isDirectory.boolValue { throw .isDirectory(path) }
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        if size > sizeLimit { throw .tooLarge(path, bytes: size, limit: sizeLimit) }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadable(path, reason: "permission denied") }
        defer { try? handle.close() }
        do {
            let data = try handle.readToEnd() ?? Data()
            if data.count > sizeLimit { throw ReadError.tooLarge(path, bytes: data.count, limit: sizeLimit) }
            return [UInt8](data)
        } catch let error as ReadError {
            throw error
        } catch {
            throw .unreadable(path, reason: error.localizedDescription)
        }
    }

    /// Replaces a file's contents atomically (write to a temporary file, then rename), so
    /// `fmt -w` never leaves a half-written rule file behind.
    public static func writeAtomically(_ text: String, to path: String) throws(ReadError) {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .unreadable(path, reason: error.localizedDescription)
        }
    }
}
