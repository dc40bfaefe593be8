import Dispatch
import Foundation

/// `job_retention_days`: removes ended jobs (done, failed or cancelled, of every user) that
/// ended more than that many days ago, once at start-up before `READY=1` and then every
/// ``interval`` (an hour in the daemon) on its own thread, as root's `prune` would. Jobs an
/// unfinished job continues from are kept until it ends.
final class RetentionSweeper: Sendable {
    /// Time between sweeps after the first.
    let interval: Duration
    private let days: Double
    private let handler: RequestHandler
    private let log: DaemonLog
    /// Signalled by ``stop()``.
    private let stopping = DispatchSemaphore(value: 0)
    private let ended = DispatchSemaphore(value: 0)
    private let running = Locked(false)

    /// A sweeper removing jobs older than `days` through `handler` every `interval` (nothing
    /// when `days` is 0).
    init(days: Double, interval: Duration, handler: RequestHandler, log: DaemonLog) {
        self.days = days
        self.interval = interval
        self.handler = handler
        self.log = log
    }

    /// One sweep now.
    func sweep() {
        guard days > 0 else { return }
        let removed = handler.prune(olderThanDays: days, for: 0)
        if !removed.jobs.isEmpty {
            log("job_retention_days = \(days): removed \(removed.jobs.count) jobs that ended \(days) days ago or more")
        }
    }

    /// Starts the thread that sweeps every ``interval`` until ``stop()``.
    func start() {
        guard days > 0 else { return }
        running.withLock { $0 = true }
        let thread = Thread { [self] in
            let seconds = interval / .seconds(1)
            while stopping.wait(timeout: .now() + seconds) == .timedOut { sweep() }
            ended.signal()
        }
        thread.name = "jukeboxd-retention"
        thread.start()
    }

    /// Stops the thread and waits for it (a sweep in progress finishes first).
    func stop() {
        guard running.withLock({ $0 }) else { return }
        stopping.signal()
        ended.wait()
    }
}
