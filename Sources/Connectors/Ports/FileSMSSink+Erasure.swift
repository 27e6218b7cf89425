/// Erasure in the embedded SMS sink: `sms.jsonl` is a copy of every SMS sent, so erasing a
/// customer rewrites it without their lines — a temporary file, fsync, then rename, so a
/// crash leaves the old file or the new one, never half of it. A real provider's own logs
/// (Twilio's message bodies) are out of our hands; see docs/privacy.md.
import Foundation

extension FileSMSSink {
    /// Rewrites the file without the lines sent to `phone` (E.164) and returns how many went.
    public func erase(phone: String) throws(TextFileReader.ReadError) -> Int {
        try erase(phoneDigests: [Digest.sha256Hex(phone)])
    }

    /// Rewrites the file without the lines sent to the phones whose SHA-256 (hex) is in
    /// `phoneDigests` (what a pending erasure keeps) and returns how many went.
    public func erase(phoneDigests: Set<String>) throws(TextFileReader.ReadError) -> Int {
        try state.withLock { state throws(TextFileReader.ReadError) -> Int in
            let removed = try Self.rewrite(path: path, droppingDigests: phoneDigests)
            guard removed > 0 else { return 0 }
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw .unreadable(path, reason: "cannot reopen the SMS file after erasure")
            }
            handle.seekToEndOfFile()
            try? state.handle.close()
            state.handle = handle
            return removed
        }
    }

    /// The rewrite itself, usable without a running sink (the CLI with the service stopped).
    public static func rewrite(path: String, dropping phone: String) throws(TextFileReader.ReadError) -> Int {
        try rewrite(path: path, droppingDigests: [Digest.sha256Hex(phone)])
    }

    /// The rewrite without the lines sent to the phones whose SHA-256 (hex) is in `digests`.
    public static func rewrite(path: String, droppingDigests digests: Set<String>) throws(TextFileReader.ReadError) -> Int {
        guard let data = FileManager.default.contents(atPath: path) else { return 0 }
        var kept = Data()
        var removed = 0
        for line in data.split(separator: UInt8(ascii: "\n")) {
            let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
            if let to = object?["to"] as? String, digests.contains(Digest.sha256Hex(to)) {
                removed += 1
            } else {
                kept.append(contentsOf: line)
                kept.append(UInt8(ascii: "\n"))
            }
        }
        guard removed > 0 else { return 0 }
        let temporary = path + ".erasing"
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporary) else {
            throw .unreadable(temporary, reason: "cannot create the temporary SMS file")
        }
        do {
            try handle.write(contentsOf: kept)
            try handle.synchronize()
            try handle.close()
        } catch {
            throw .unreadable(temporary, reason: "cannot write the temporary SMS file: \(error.localizedDescription)")
        }
        guard rename(temporary, path) == 0 else {
            throw .unreadable(path, reason: "cannot replace the SMS file (errno \(errno))")
        }
        return removed
    }
}
