/// Giving freed heap pages back to the system after a large transient allocation (an engine
/// snapshot's JSON). glibc keeps freed memory in its arenas, so without this the process
/// stays at its peak size; `malloc_trim` is not in Swift's Glibc module, so it is looked up
/// once at run time (absent elsewhere: then this does nothing).
#if canImport(Glibc)
import Glibc
#endif

enum MemoryTrim {
    private typealias Trim = @convention(c) (Int) -> Int32

    #if canImport(Glibc)
    private static let trim: Trim? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: Trim.self)
    }()
    #endif

    /// Returns free heap memory to the system (glibc), or does nothing.
    static func releaseFreeMemory() {
        #if canImport(Glibc)
        _ = trim?(0)
        #endif
    }
}
