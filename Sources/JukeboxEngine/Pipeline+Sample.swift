// Port of jukebox/sample.py (_sample, sample_level) @ 08efbbc
import JukeboxModel
import JukeboxTensor

extension Pipeline {
    /// The sampling driver: every level of `plan` not yet complete in `state`, top down,
    /// window by window (`_sample`). The one path every job takes: the daemon's and
    /// `jukeboxd continue`'s through ``GenerationRun``, `jukeboxd verify`'s and the tests'
    /// directly.
    ///
    /// - Parameters:
    ///   - plan: the job (lengths, levels, labels, settings).
    ///   - state: where the job stands: starting codes (``startingCodes(mode:takes:primer:source:levels:)``)
    ///     and a fresh generator, or a saved state to go on from; advanced as the job runs.
    ///   - hooks: progress, saving and rendering; throwing stops the job.
    /// - Throws: ``EngineError`` for a plan or codes that do not fit the models; model and label
    ///   errors; whatever the hooks throw.
    public func sample(_ plan: SamplingPlan, state: inout SamplingState, hooks: SamplingHooks = SamplingHooks()) throws
    {
        try check(plan, state)
        let hops = vqvae.hopLengths
        for level in plan.levels {
            if !state.completedLevels.contains(level) {
                defer { weightFiles.releasePrior(level: level) }  // the next phase uses another model
                let sampler = try sampler(level: level, settings: plan.settings[level])
                let total = plan.sampleLength / hops[level]
                let existing = state.codes[level].first?.count ?? 0
                let schedule = try sampler.schedule(totalTokens: total, existingTokens: existing, lengths: plan.lengths)
                try hooks.levelStarted?(level, schedule, state)
                var current = state
                var codes = state.codes
                var generator = state.generator
                try sampler.run(
                    codes: &codes, labels: plan.labels[level], totalTokens: total, lengths: plan.lengths,
                    using: &generator,
                    onToken: hooks.token.map { token in { done, all in try token(level, done, all) } },
                    afterWindow: { report, codes, generator in
                        current.codes = codes
                        current.generator = generator
                        current.level = level
                        current.window = report.index
                        try hooks.windowDone?(report, current)
                    })
                current.codes = codes
                current.generator = generator
                current.completedLevels.append(level)
                state = current
            }
            try hooks.levelDone?(level, state)
        }
    }

    /// The plan and the state fit the models and each other.
    private func check(_ plan: SamplingPlan, _ state: SamplingState) throws(EngineError) {
        let hops = vqvae.hopLengths
        let takes = plan.takes
        guard takes > 0, plan.labels.count == levels, plan.labels.allSatisfy({ $0.count == takes }) else {
            throw .invalidJob(reason: "need labels for every take at each of the \(levels) levels")
        }
        guard plan.settings.count == levels else {
            throw .invalidJob(reason: "need settings for each of the \(levels) levels")
        }
        for level in plan.levels { try plan.settings[level].validate() }
        guard plan.sampleLength > 0, plan.sampleLength % hops[levels - 1] == 0 else {
            throw .invalidJob(
                reason:
                    "sample length \(plan.sampleLength) is not a positive multiple of the top hop \(hops[levels - 1])")
        }
        guard !plan.levels.isEmpty, plan.levels.allSatisfy({ (0..<levels).contains($0) }),
            zip(plan.levels, plan.levels.dropFirst()).allSatisfy({ $0.0 == $0.1 + 1 })
        else {
            throw .invalidJob(reason: "levels \(plan.levels) must count down by one within \(levels - 1)...0")
        }
        guard state.codes.count == levels else {
            throw .invalidJob(reason: "the state has codes of \(state.codes.count) levels, the models \(levels)")
        }
        for (level, rows) in state.codes.enumerated() {
            guard rows.count == takes else {
                throw .invalidCodes(level: level, reason: "\(rows.count) rows for \(takes) takes")
            }
            guard rows.allSatisfy({ $0.count == rows[0].count }) else {
                throw .invalidCodes(level: level, reason: "token rows have different lengths")
            }
        }
    }
}
