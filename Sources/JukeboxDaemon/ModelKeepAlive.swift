/// `keep_alive`: checks, every quarter of the setting (at most a minute, at least 100 ms),
/// for loaded models idle that long (``ModelRegistry/unloadIdle(after:inUse:)``); nothing when
/// the setting is 0.
final class ModelKeepAlive: Sendable {
    private let seconds: Int
    private let task: PeriodicTask

    /// A checker unloading models of `models` idle for `seconds` (0: never), keeping those of
    /// `book`'s queued and running jobs.
    init(seconds: Int, models: ModelRegistry, book: JobBook) {
        self.seconds = seconds
        task = PeriodicTask(
            name: "jukeboxd-keep-alive", interval: .milliseconds(min(60_000, max(100, seconds * 250)))
        ) {
            models.unloadIdle(after: seconds, inUse: book.modelsInUse())
        }
    }

    /// Starts checking until ``stop()``.
    func start() { if seconds > 0 { task.start() } }

    /// Stops checking.
    func stop() { task.stop() }
}
