/// The lock around a business's engine: a pthread mutex, whose waiters sleep in the kernel at
/// once. `Synchronization.Mutex` spins before it sleeps, which pays when a lock is held for
/// nanoseconds; a business's lock is held for the whole of an event (engine, batch building,
/// JSON), tens of microseconds, while up to 32 HTTP threads want it on 2 cores. Their spinning
/// was 12 % of the trigger path's CPU (make bench 8a profile), taken from the thread holding
/// the lock. Same `withLock` shape as `Mutex`, so call sites do not change.
#if canImport(Glibc)
import Glibc
#endif

/// A value guarded by a non-spinning mutex.
///
/// Safety (`@unchecked Sendable`): `value` is read and written only between
/// `pthread_mutex_lock` and `pthread_mutex_unlock` on `mutex`, which lives as long as the box.
final class SleepingMutex<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result, E: Error>(_ body: (inout Value) throws(E) -> Result) throws(E) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
