/// The operations a request's `op` names.
public enum Operation: String, Sendable, CaseIterable {
    /// List the models in the daemon's models folder.
    case models
    /// Search a model's artist and genre tables.
    case labels
    /// Queue a generation job.
    case submit
    /// Price a generation job (a `submit`'s fields) without queueing it.
    case estimate
    /// Stream the events of a job.
    case watch
    /// List the client's jobs.
    case jobs
    /// Cancel one of the client's jobs.
    case cancel
    /// Fetch the audio or tokens of a finished take.
    case fetch
    /// Report the daemon's state.
    case status
    /// Remove one ended job of the client: its folder and its record.
    case remove
    /// Remove the client's ended jobs older than some days (root: every user's).
    case prune
    /// Drop one take of a queued or running job; the others go on at a smaller batch.
    case dropTake = "drop_take"
}
