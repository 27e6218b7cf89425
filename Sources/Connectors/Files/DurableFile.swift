/// Replacing a file so that a crash or power cut leaves either the old text or the new one,
/// never a mix or an empty file: write a temporary file in the same folder, fsync it, rename
/// it over the target, fsync the folder. The rules editor saves rule files this way (the
/// folder watcher may read the file at any moment; a rename is atomic for readers).
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Durable, atomic file replacement.
public enum DurableFile {
    /// Why a file could not be written.
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// Replaces the contents of `path` with `text` (mode 0644). On failure the target is
    /// untouched and the temporary file removed.
    public static func replace(_ path: String, with text: String) throws(WriteError) {
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = "\(folder.isEmpty ? "." : folder)/.\((path as NSString).lastPathComponent).\(UUID().uuidString).tmp"
        func failure(_ step: String) -> WriteError {
            WriteError(path: path, reason: "\(step): \(String(cString: strerror(errno)))")
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("create a temporary file") }
        var bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                let error = failure("write")
                close(descriptor)
                unlink(temporary)
                throw error
            }
            written += count
        }
        bytes.removeAll()
        guard fsync(descriptor) == 0 else {
            let error = failure("fsync")
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let error = failure("rename")
            unlink(temporary)
            throw error
        }
        // The rename itself is durable only once the folder's entry is on disk.
        let folderDescriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            _ = fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }
}
