#if canImport(Glibc)
    import Glibc
#endif

/// A value guarded by a pthread mutex: the daemon's lock for state its threads share.
///
/// The daemon uses it instead of `Synchronization.Mutex` so that ThreadSanitizer (`.ci/tsan`)
/// can check it: TSan intercepts `pthread_mutex_lock`, but a contended `Mutex` hands over in
/// the standard library's uninstrumented futex path, so every contended hand-off of the job
/// book was reported as a race between two accesses that both held the lock.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    /// `value`, guarded from now on.
    init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with the value while holding the lock; `body` must not block on I/O or
    /// take another lock that is held while taking this one.
    func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
