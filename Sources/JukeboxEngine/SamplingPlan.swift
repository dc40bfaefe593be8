// Port of jukebox/sample.py (the job a sampling script hands `_sample`: hps.sample_length,
// the labels and sampling_kwargs of every prior) @ 08efbbc
import JukeboxModel
import JukeboxText

/// One job as the driver (``Pipeline/sample(_:state:hooks:)``) runs it: every level's labels
/// and settings indexed by level, the levels to sample and the length. Built from a
/// ``GenerationSpec`` by ``GenerationRun``, from a recorded reference run by `jukeboxd verify`.
public struct SamplingPlan: Sendable {
    /// Length of the result in raw samples (`hps.sample_length`), a multiple of the top hop.
    public var sampleLength: Int
    /// The levels to sample, top first (`[2, 1, 0]`; to upsample `[1, 0]`).
    public var levels: [Int]
    /// Labels of every take per level, `labels[level][take]` (from `Pipeline.label`).
    public var labels: [[Labeller.Label]]
    /// Settings per level, `settings[level]`.
    public var settings: [LevelSettings]
    /// How a level shorter than one window is filled: ``LengthRule/asked`` for every job,
    /// ``LengthRule/reference`` to reproduce the reference's recorded runs.
    public var lengths: LengthRule

    /// A plan from its parts.
    public init(
        sampleLength: Int, levels: [Int], labels: [[Labeller.Label]], settings: [LevelSettings],
        lengths: LengthRule = .asked
    ) {
        self.sampleLength = sampleLength
        self.levels = levels
        self.labels = labels
        self.settings = settings
        self.lengths = lengths
    }

    /// Number of takes (`hps.n_samples`).
    public var takes: Int { labels.first?.count ?? 0 }
}

/// Where a job stands: every level's tokens, the random generator and the levels finished.
/// The driver advances it window by window; saved after a window (``JobCheckpoint``) and
/// handed back, it lets a job go on to the same tokens as an uninterrupted run.
public struct SamplingState: Sendable {
    /// Tokens per level and take, `codes[level][take]`.
    public var codes: [[[Int]]]
    /// The source of the categorical draws, as it stands after the last finished window.
    public var generator: SeededGenerator
    /// Levels sampled to their end, top first.
    public var completedLevels: [Int]
    /// The last finished window: its level and its index in that level's schedule (-1: none yet).
    public var level: Int
    public var window: Int

    /// A state from its parts; a new job starts with its starting codes, `SeededGenerator(seed:)`,
    /// no level completed and no window.
    public init(
        codes: [[[Int]]], generator: SeededGenerator, completedLevels: [Int] = [], level: Int = -1,
        window: Int = -1
    ) {
        self.codes = codes
        self.generator = generator
        self.completedLevels = completedLevels
        self.level = level
        self.window = window
    }
}

/// What the driver tells its caller while it runs; every hook may throw to stop the job (the
/// state it was handed is complete up to that point).
public struct SamplingHooks {
    /// Before a level is sampled: its schedule and the state it starts from.
    public var levelStarted: ((_ level: Int, _ schedule: WindowSchedule, _ state: SamplingState) throws -> Void)?
    /// After every sampled token, with (completed, total) of the current prior call.
    public var token: ((_ level: Int, _ completed: Int, _ total: Int) throws -> Void)?
    /// After every window of a level (sampled or skipped) with the state as it now stands.
    public var windowDone: ((_ report: WindowReport, _ state: SamplingState) throws -> Void)?
    /// After each of the plan's levels is complete, in the plan's order, also for levels that
    /// were complete before this call (a resumed job renders them).
    public var levelDone: ((_ level: Int, _ state: SamplingState) throws -> Void)?

    /// Hooks from their parts (all optional).
    public init(
        levelStarted: ((Int, WindowSchedule, SamplingState) throws -> Void)? = nil,
        token: ((Int, Int, Int) throws -> Void)? = nil,
        windowDone: ((WindowReport, SamplingState) throws -> Void)? = nil,
        levelDone: ((Int, SamplingState) throws -> Void)? = nil
    ) {
        self.levelStarted = levelStarted
        self.token = token
        self.windowDone = windowDone
        self.levelDone = levelDone
    }
}
