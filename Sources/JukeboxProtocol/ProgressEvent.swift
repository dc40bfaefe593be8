import JukeboxJSON

/// The `progress` event, sent while a job runs (at most a few times a second):
/// `{"type":"progress","id":1,"job":"j1","stage":"sample","level":2,"window":1,"windows":4,
/// "completed":2048,"total":8192,"tokens_per_s":41.5,"eta_s":148.0}`.
public struct ProgressEvent: Equatable, Sendable, WireObject {
    /// The job.
    public var job: JobID
    /// What the job is doing.
    public var stage: JobStage
    /// The level being worked on, or nil for stages not tied to a level (`load`).
    public var level: Int?
    /// The window being sampled, from 1, when ``stage`` is ``JobStage/sample``.
    public var window: Int?
    /// The number of windows at this level, when ``stage`` is ``JobStage/sample``.
    public var windows: Int?
    /// Units of work done in this stage and level (tokens while sampling).
    public var completed: Int
    /// Units of work in this stage and level.
    public var total: Int
    /// Tokens sampled per second, over the recent past, for every take together.
    public var tokensPerS: Double?
    /// Estimated seconds until the job is done, when known.
    public var etaS: Double?

    /// A progress event; the arguments match the properties.
    public init(
        job: JobID, stage: JobStage, level: Int? = nil, window: Int? = nil, windows: Int? = nil, completed: Int,
        total: Int, tokensPerS: Double? = nil, etaS: Double? = nil
    ) {
        self.job = job
        self.stage = stage
        self.level = level
        self.window = window
        self.windows = windows
        self.completed = completed
        self.total = total
        self.tokensPerS = tokensPerS
        self.etaS = etaS
    }

    init(from reader: inout FieldReader) throws(MessageError) {
        job = try reader.required("job", JobID.read)
        stage = try reader.required("stage", FieldReader.word(JobStage.self))
        level = try reader.optional("level", FieldReader.int)
        window = try reader.optional("window", FieldReader.int)
        windows = try reader.optional("windows", FieldReader.int)
        completed = try reader.required("completed", FieldReader.int)
        total = try reader.required("total", FieldReader.int)
        tokensPerS = try reader.optional("tokens_per_s", FieldReader.double)
        etaS = try reader.optional("eta_s", FieldReader.double)
    }

    func encode(into object: inout JSONObject) {
        object["job"] = .string(job.rawValue)
        object["stage"] = .string(stage.rawValue)
        if let level { object["level"] = JSONValue(level) }
        if let window { object["window"] = JSONValue(window) }
        if let windows { object["windows"] = JSONValue(windows) }
        object["completed"] = JSONValue(completed)
        object["total"] = JSONValue(total)
        if let tokensPerS { object["tokens_per_s"] = .number(tokensPerS) }
        if let etaS { object["eta_s"] = .number(etaS) }
    }
}

/// The stages of a job, in the order it goes through them.
public enum JobStage: String, Sendable, CaseIterable {
    /// Loading the model into memory (units: bytes).
    case load
    /// Decoding the primer and encoding it to tokens (units: steps, 0 of 1 then 1 of 1).
    case encode
    /// Sampling tokens with a prior (units: tokens).
    case sample
    /// Decoding a level's tokens to audio with the VQ-VAE (units: takes).
    case decode
    /// Writing the takes' audio files (units: takes).
    case write
}
