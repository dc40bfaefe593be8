/// The operations a request's `op` names.
public enum Operation: String, Sendable, CaseIterable {
    /// List the models in the daemon's models folder.
    case models
    /// Search a model's artist and genre tables.
    case labels
    /// Queue a generation job.
    case submit
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
}

/// How a job makes music.
public enum GenerationMode: String, Sendable, CaseIterable {
    /// From nothing: sample the top level from its start.
    case ancestral
    /// Continue a primer clip the request carries (as bytes or a path).
    case primed
    /// Extend a take of an earlier job by more seconds.
    case `continue`
    /// Run the lower levels for a take of an earlier job that stopped at a higher level.
    case upsample
}

/// The container of the audio files a job writes and `fetch` returns.
public enum AudioFormat: String, Sendable, CaseIterable {
    /// RIFF WAV, 16-bit PCM.
    case wav
    /// FLAC, 16-bit.
    case flac
}
