/// `job_retention_days`: removes ended jobs (done, failed or cancelled, of every user) that
/// ended more than that many days ago, once at start-up before `READY=1` and then every
/// ``interval`` (an hour in the daemon) on its own thread, as root's `prune` would. Jobs an
/// unfinished job continues from are kept until it ends.
final class RetentionSweeper: Sendable {
    /// Time between sweeps after the first.
    var interval: Duration { task.interval }
    private let days: Double
    private let handler: RequestHandler
    private let log: DaemonLog
    private let task: PeriodicTask

    /// A sweeper removing jobs older than `days` through `handler` every `interval` (nothing
    /// when `days` is 0).
    init(days: Double, interval: Duration, handler: RequestHandler, log: DaemonLog) {
        self.days = days
        self.handler = handler
        self.log = log
        task = PeriodicTask(name: "jukeboxd-retention", interval: interval) { [handler, log] in
            Self.sweep(days: days, handler: handler, log: log)
        }
    }

    /// One sweep now.
    func sweep() { Self.sweep(days: days, handler: handler, log: log) }

    private static func sweep(days: Double, handler: RequestHandler, log: DaemonLog) {
        guard days > 0 else { return }
        let removed = handler.prune(olderThanDays: days, for: 0)
        if !removed.jobs.isEmpty {
            log("job_retention_days = \(days): removed \(removed.jobs.count) jobs that ended \(days) days ago or more")
        }
    }

    /// Sweeps every ``interval`` until ``stop()``.
    func start() { if days > 0 { task.start() } }

    /// Stops sweeping (a sweep in progress finishes first).
    func stop() { task.stop() }
}
