import JukeboxWeights

#if canImport(Glibc)
    import Glibc
#endif

/// Measures the sampling rate of the current level and turns it into a time estimate for
/// the rest of the job.
///
/// The rate is new tokens per wall-clock second since the level started, re-fed prefixes
/// included, so it prices windows as they really run. Levels still to come are priced from
/// the current rate scaled by the ratio of their per-token work (depth × width², the weight
/// bytes each token reads).
struct ProgressMeter {
    /// The priors' hyper-parameters, by level.
    let priors: [PriorHyperparameters]
    /// Takes sampled together.
    let takes: Int
    /// Tokens per take each level must end with.
    let totalTokens: [Int]
    /// Levels still to sample after the current one, with their tokens already present.
    var pending: [(level: Int, existing: Int)] = []

    private var level = -1
    private var levelStart = 0.0
    private var startTokens = 0
    private var lastSent = -1.0

    init(priors: [PriorHyperparameters], takes: Int, totalTokens: [Int]) {
        self.priors = priors
        self.takes = takes
        self.totalTokens = totalTokens
    }

    /// Monotonic seconds.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Starts timing `level` with `existing` tokens per take already present.
    mutating func begin(level: Int, existing: Int) {
        self.level = level
        levelStart = Self.now()
        startTokens = existing
        lastSent = -1
    }

    /// Per-token work of a level's prior.
    private func work(_ level: Int) -> Double {
        let hp = priors[level]
        return Double(hp.priorDepth) * Double(hp.priorWidth) * Double(hp.priorWidth)
    }

    /// (tokens per second for all takes, seconds left) once `completed` tokens per take are present.
    func estimate(completed: Int) -> (rate: Double?, eta: Double?) {
        let elapsed = Self.now() - levelStart
        let done = completed - startTokens
        guard done > 0, elapsed > 0 else { return (nil, nil) }
        let perTakeRate = Double(done) / elapsed
        var eta = Double(totalTokens[level] - completed) / perTakeRate
        for (other, existing) in pending {
            eta += Double(max(0, totalTokens[other] - existing)) / perTakeRate * work(other) / work(level)
        }
        return (perTakeRate * Double(takes), eta)
    }

    /// Whether a report is due: at most five a second, and always when `force`.
    mutating func due(force: Bool) -> Bool {
        let now = Self.now()
        guard force || now - lastSent >= 0.2 else { return false }
        lastSent = now
        return true
    }
}
