/// The log file writer under concurrency: every line whole, once, in each thread's order,
/// long lines included, and with a tiny memory bound too.
import Foundation
import Testing
@testable import Connectors

@Suite struct FileLineWriterTests {
    @Test("lines from many threads arrive whole, once each, in each thread's order", arguments: [1 << 20, 64])
    func concurrentLines(maxQueuedBytes: Int) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID()).log").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        let writer = FileLineWriter(descriptor: handle.fileDescriptor, maxQueuedBytes: maxQueuedBytes)
        let threads = 8
        let perThread = 300
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for index in 0..<perThread {
                // Every 50th line is longer than a pipe's atomic write.
                let padding = String(repeating: "x", count: index % 50 == 0 ? 5_000 : index % 7)
                writer.write("t\(thread) n\(index) \(padding)")
            }
        }
        try handle.close()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "", "the file ends with a newline")
        let written = lines.dropLast()
        #expect(written.count == threads * perThread)
        var next = Array(repeating: 0, count: threads)
        for line in written {
            let parts = line.split(separator: " ", omittingEmptySubsequences: false)
            let thread = Int(parts[0].dropFirst()) ?? -1
            let index = Int(parts[1].dropFirst()) ?? -1
            #expect((0..<threads).contains(thread) && index == next[max(0, thread)], "\(line.prefix(40))")
            if (0..<threads).contains(thread) { next[thread] += 1 }
            let padding = parts.count > 2 ? parts[2].count : -1
            #expect(padding == (index % 50 == 0 ? 5_000 : index % 7), "a line was cut or merged")
        }
    }
}
