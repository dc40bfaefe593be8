/// What a job should cost on this machine before it starts: each level's tokens and seconds and
/// the peak memory.
///
/// A level's floor is its new tokens × the seconds of one sampling step plus its re-fed tokens ×
/// the seconds per re-fed position (``PriorCost``, at this machine's ``MachineRates``), for each
/// batch of at most `maxBatch` takes; its estimate is the floor × the level's correction factor,
/// the ratio of measured to floor seconds of the model's finished jobs
/// (``EstimateCorrections``; 1 before any).
public struct JobEstimate: Sendable, Equatable {
    /// One level's share.
    public struct Level: Sendable, Equatable {
        /// The level (2 = top).
        public var level: Int
        /// Tokens sampled per take.
        public var newTokens: Int
        /// Existing tokens fed again as window prefixes, per take.
        public var refedTokens: Int
        /// Seconds at this machine's floors.
        public var floorSeconds: Double
        /// Measured over floor seconds of earlier jobs (1 before any).
        public var factor: Double
        /// Finished levels behind ``factor`` (0: none, the estimate is the floor).
        public var corrections: Int

        /// The estimate: the floor times the factor.
        public var seconds: Double { floorSeconds * factor }

        /// A level's share; the arguments match the properties.
        public init(
            level: Int, newTokens: Int, refedTokens: Int, floorSeconds: Double, factor: Double = 1, corrections: Int = 0
        ) {
            self.level = level
            self.newTokens = newTokens
            self.refedTokens = refedTokens
            self.floorSeconds = floorSeconds
            self.factor = factor
            self.corrections = corrections
        }
    }

    /// The levels in the order they run (top first).
    public var levels: [Level]
    /// The job's estimated peak memory (``MemoryPlan/totalBytes``).
    public var peakMemoryBytes: Int64

    /// The whole job's estimate.
    public var seconds: Double { levels.map(\.seconds).reduce(0, +) }

    /// An estimate from its parts.
    public init(levels: [Level], peakMemoryBytes: Int64) {
        self.levels = levels
        self.peakMemoryBytes = peakMemoryBytes
    }

    /// The estimate of a job.
    /// - Parameters:
    ///   - schedules: the window schedule of each level sampled, in the order they run (top first).
    ///   - costs: each level's prior cost, `costs[level]`.
    ///   - takes: takes sampled.
    ///   - maxBatch: takes per prior call (more run as further batches).
    ///   - rates: this machine's rates.
    ///   - peakMemoryBytes: the job's memory plan.
    ///   - correction: a level's factor and how many finished levels it rests on.
    public init(
        schedules: [(level: Int, schedule: WindowSchedule)], costs: [PriorCost], takes: Int, maxBatch: Int,
        rates: MachineRates, peakMemoryBytes: Int64, correction: (Int) -> (factor: Double, count: Int) = { _ in (1, 0) }
    ) {
        precondition(takes > 0 && maxBatch > 0, "JobEstimate: takes \(takes), batch \(maxBatch)")
        let batches = stride(from: 0, to: takes, by: maxBatch).map { min(maxBatch, takes - $0) }
        levels = schedules.map { level, schedule in
            let (fresh, refed) = Self.tokens(schedule)
            let cost = costs[level]
            let floor = batches.map { rows in
                Double(fresh) * cost.stepSeconds(takes: rows, rates: rates) + Double(refed)
                    * cost.prefixSeconds(takes: rows, rates: rates)
            }.reduce(0, +)
            let (factor, count) = correction(level)
            return Level(
                level: level, newTokens: fresh, refedTokens: refed, floorSeconds: floor, factor: factor,
                corrections: count)
        }
        self.peakMemoryBytes = peakMemoryBytes
    }

    /// New and re-fed tokens per take of the windows `schedule` runs (skipped ones cost nothing).
    public static func tokens(_ schedule: WindowSchedule) -> (new: Int, refed: Int) {
        var fresh = 0
        var refed = 0
        for window in schedule.windows where !window.skipped {
            fresh += window.newTokens
            refed += window.conditioningTokens
        }
        return (fresh, refed)
    }
}
