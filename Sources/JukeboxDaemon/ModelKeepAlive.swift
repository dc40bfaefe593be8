import Dispatch
import Foundation

/// `keep_alive`: checks on its own thread, every quarter of the setting (at most a minute, at
/// least 100 ms), for loaded models idle that long (``ModelRegistry/unloadIdle(after:inUse:)``);
/// nothing when the setting is 0.
final class ModelKeepAlive: Sendable {
    private let seconds: Int
    private let models: ModelRegistry
    private let book: JobBook
    private let stopping = DispatchSemaphore(value: 0)
    private let ended = DispatchSemaphore(value: 0)
    private let running = Locked(false)

    /// A checker unloading models of `models` idle for `seconds` (0: never), keeping those of
    /// `book`'s queued and running jobs.
    init(seconds: Int, models: ModelRegistry, book: JobBook) {
        self.seconds = seconds
        self.models = models
        self.book = book
    }

    /// Time between checks.
    var interval: Double { min(60, max(0.1, Double(seconds) / 4)) }

    /// Starts the thread that checks until ``stop()``.
    func start() {
        guard seconds > 0 else { return }
        running.withLock { $0 = true }
        let thread = Thread { [self] in
            while stopping.wait(timeout: .now() + interval) == .timedOut {
                models.unloadIdle(after: seconds, inUse: book.modelsInUse())
            }
            ended.signal()
        }
        thread.name = "jukeboxd-keep-alive"
        thread.start()
    }

    /// Stops the thread and waits for it.
    func stop() {
        guard running.withLock({ $0 }) else { return }
        stopping.signal()
        ended.wait()
    }
}
