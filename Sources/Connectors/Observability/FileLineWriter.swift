/// Writes log lines to a file descriptor from many threads without making each thread wait
/// for the others' `write(2)`. The access log writes a line after every response; with the
/// whole write under one lock, the HTTP threads queued on that lock (16 threads served fewer
/// pages than 2). Here a thread appends its line to a queue under a short lock; the first
/// thread to find nobody writing becomes the writer and drains the queue, in order, until it
/// is empty; the others return at once.
///
/// What stays as before: lines are written whole, in the order they were queued, and never
/// interleaved with one another; lines are packed into writes of at most `PIPE_BUF` bytes, so
/// each write stays atomic on a pipe (a longer line is written alone, as before). Memory is
/// bounded: past `maxQueuedBytes` (a stuck descriptor) a caller waits for the writer, as every
/// caller used to.
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A serialised, non-blocking-for-most line writer on one descriptor.
final class FileLineWriter: Sendable {
    /// Lines waiting and whether a thread is draining them.
    private struct Queue {
        var lines: [[UInt8]] = []
        var bytes = 0
        var writing = false
    }

    /// The largest write that a pipe keeps in one piece (POSIX `PIPE_BUF` on Linux).
    static let atomicWriteSize = 4_096

    let descriptor: Int32
    let maxQueuedBytes: Int
    private let queue = Mutex(Queue())
    /// Held by the writer while it drains: a caller over the memory bound waits on it.
    private let output = Mutex(())

    init(descriptor: Int32, maxQueuedBytes: Int = 1 << 20) {
        self.descriptor = descriptor
        self.maxQueuedBytes = maxQueuedBytes
    }

    /// Queues `line` plus a newline; writes the queue if no other thread is writing it.
    func write(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        let (isWriter, overBound) = queue.withLock { queue in
            queue.lines.append(bytes)
            queue.bytes += bytes.count
            let isWriter = !queue.writing
            queue.writing = true
            return (isWriter, queue.bytes > maxQueuedBytes)
        }
        if isWriter {
            output.withLock { _ in drain() }
        } else if overBound {
            output.withLock { _ in }  // the writer empties the queue (this line included) before letting go
        }
    }

    /// Writes queued lines until the queue is found empty, then gives the writer's role back.
    private func drain() {
        while true {
            let lines = queue.withLock { queue -> [[UInt8]] in
                if queue.lines.isEmpty {
                    queue.writing = false
                    return []
                }
                let taken = queue.lines
                queue.lines = []
                queue.bytes = 0
                return taken
            }
            if lines.isEmpty { return }
            var chunk: [UInt8] = []
            chunk.reserveCapacity(Self.atomicWriteSize)
            for line in lines {
                if !chunk.isEmpty && chunk.count + line.count > Self.atomicWriteSize {
                    writeAll(chunk)
                    chunk.removeAll(keepingCapacity: true)
                }
                chunk += line
            }
            if !chunk.isEmpty { writeAll(chunk) }
        }
    }

    /// Writes all of `bytes` with `write(2)`, retrying after a signal or a partial write; a
    /// failing descriptor drops the rest (a log must not stop the service).
    private func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
