/// The stages a generation job goes through.
public enum GenerationStage: String, Sendable, Equatable, CaseIterable {
    /// Decoding the primer and encoding it to tokens (units: takes).
    case encode
    /// Sampling tokens with a level's prior (units: tokens of one take).
    case sample
    /// Decoding a level's tokens to audio (units: takes).
    case decode
    /// Writing audio files (units: takes).
    case write
}

/// Where a job stands, sent at most a few times a second and at every window's end.
public struct GenerationProgress: Sendable, Equatable {
    /// What the job is doing.
    public var stage: GenerationStage
    /// The level being worked on, when the stage is tied to one.
    public var level: Int?
    /// The window being sampled, from 1, in the ``GenerationStage/sample`` stage.
    public var window: Int?
    /// Windows in the level's schedule, in the ``GenerationStage/sample`` stage.
    public var windows: Int?
    /// Units done in this stage and level (while sampling: tokens per take, the primer's included).
    public var completed: Int
    /// Units in this stage and level.
    public var total: Int
    /// New tokens per second for every take together, measured over the level so far.
    public var tokensPerSecond: Double?
    /// Estimated seconds until every level is sampled, from the measured rate.
    public var etaSeconds: Double?

    /// A progress report; the arguments match the properties.
    public init(
        stage: GenerationStage, level: Int? = nil, window: Int? = nil, windows: Int? = nil, completed: Int,
        total: Int, tokensPerSecond: Double? = nil, etaSeconds: Double? = nil
    ) {
        self.stage = stage
        self.level = level
        self.window = window
        self.windows = windows
        self.completed = completed
        self.total = total
        self.tokensPerSecond = tokensPerSecond
        self.etaSeconds = etaSeconds
    }
}

/// What a running job reports.
public enum GenerationEvent: Sendable, Equatable {
    /// Progress within a stage.
    case progress(GenerationProgress)
    /// A level is sampled and decoded; `files` are the audio files written for it, one per
    /// take, as names inside the job folder.
    case levelDone(level: Int, files: [String])
    /// Take `take` (from 0) has a new preview: its top-level tokens so far decoded, `seconds`
    /// long, in `file` (a name inside the job folder). Sent after every top-level window.
    case preview(take: Int, seconds: Double, file: String)
    /// Take `take` (from 0) was dropped at a saved window; `remaining` takes go on.
    case takeDropped(take: Int, remaining: Int)
}

/// What a finished job produced.
public struct GenerationOutcome: Sendable, Equatable {
    /// The final audio of every take (level 0, or the lowest sampled level's preview), as
    /// names inside the job folder.
    public var files: [String]
    /// The lowest level sampled.
    public var lastLevel: Int
    /// Tokens per take at every level, `tokenCounts[level]`.
    public var tokenCounts: [Int]
    /// Seconds of audio per take.
    public var seconds: Double
}
