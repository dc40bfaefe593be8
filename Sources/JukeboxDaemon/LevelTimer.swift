import JukeboxEngine

/// Times the levels of one run, each from the end of the one before (the first from the
/// run's start), and hands each time with the level's floor to the ``Estimator``.
final class LevelTimer: Sendable {
    private let model: String
    private let estimate: JobEstimate?
    private let estimator: Estimator?
    /// The last level's end; nil once the timings no longer count (a pause).
    private let mark = Locked<ContinuousClock.Instant?>(.now)

    /// A timer for a run of `model` priced `estimate` (nil: nothing is recorded).
    init(model: String, estimate: JobEstimate?, estimator: Estimator?) {
        self.model = model
        self.estimate = estimate
        self.estimator = estimator
    }

    /// Records that `level` finished now.
    func levelDone(_ level: Int) {
        let now = ContinuousClock.now
        let seconds = mark.withLock { mark -> Double? in
            defer { if mark != nil { mark = now } }
            return mark.map { (now - $0) / .seconds(1) }
        }
        guard let seconds, let estimator, let floor = estimate?.levels.first(where: { $0.level == level }) else {
            return
        }
        estimator.levelFinished(
            model: model, level: level, measuredSeconds: seconds, floorSeconds: floor.floorSeconds)
    }

    /// Stops recording: the run paused, so its levels' times say nothing of the machine.
    func invalidate() {
        mark.withLock { $0 = nil }
    }
}
