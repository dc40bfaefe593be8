import JukeboxEngine

/// A job as the daemon knows it: its record (`job.json`) and the spec it runs (the engine's
/// `generation.json`, ``JobRecord/spec``). ``JobStore/loadAll()`` reads both; queries of the
/// ``JobBook`` answer with the record as last written.
struct StoredJob: Sendable, Equatable {
    /// The daemon's record.
    var record: DaemonJobRecord
    /// What the job makes: mode, takes, levels, seed, format.
    var spec: GenerationSpec
}
