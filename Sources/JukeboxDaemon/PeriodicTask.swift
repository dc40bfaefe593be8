import Dispatch
import Foundation

/// A closure run on its own thread every ``interval`` from ``start()`` until ``stop()`` (the
/// retention sweep, the keep-alive check).
final class PeriodicTask: Sendable {
    /// Time between runs.
    let interval: Duration
    private let name: String
    private let body: @Sendable () -> Void
    /// Signalled by ``stop()``.
    private let stopping = DispatchSemaphore(value: 0)
    private let ended = DispatchSemaphore(value: 0)
    private let running = Locked(false)

    /// A task named `name` (the thread's name) running `body` every `interval`.
    init(name: String, interval: Duration, body: @escaping @Sendable () -> Void) {
        self.name = name
        self.interval = interval
        self.body = body
    }

    /// Starts the thread; the first run is one ``interval`` from now.
    func start() {
        running.withLock { $0 = true }
        let thread = Thread { [self] in
            let seconds = interval / .seconds(1)
            while stopping.wait(timeout: .now() + seconds) == .timedOut { body() }
            ended.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Stops the thread and waits for it (a run in progress finishes first); nothing when it
    /// was not started.
    func stop() {
        guard running.withLock({ $0 }) else { return }
        stopping.signal()
        ended.wait()
    }
}
