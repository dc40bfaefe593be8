import JukeboxProtocol

/// Where the ``JobBook`` sends job events: to the job's watchers (``WatcherFeed`` in the
/// daemon). The book calls it with its lock held, which keeps a new watcher's first event in
/// step with the job's state, so every method must return at once: queue lines, never wait
/// for a client.
protocol JobEventFeed: Sendable {
    /// Starts streaming job `job` to `watcher`.
    func attach(_ watcher: Watcher, to job: JobID, start: WatchStart)
    /// Sends `body` (a `level_done` or `paused`) to the job's watchers.
    func publish(_ body: ReplyBody, of job: JobID)
    /// Passes on the job's progress; the feed may hold back some (throttling) but keeps the
    /// last for new watchers.
    func progress(_ event: ProgressEvent, of job: JobID)
    /// Ends every stream of job `job` with `last` (`done`, `failed`, `cancelled`, or an error
    /// such as `shutting_down`) and forgets the job's watchers and progress.
    func finish(_ job: JobID, with last: ReplyBody)
}

/// What a new watcher of a job gets first.
enum WatchStart: Sendable {
    /// A queued job: its `accepted` with its place (a line never refused for slowness).
    case accepted(AcceptedEvent)
    /// A running job: its last progress, if any, then its events.
    case running
    /// A finished job: its last event, which ends the stream at once.
    case ended(ReplyBody)
}
