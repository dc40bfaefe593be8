import JukeboxEngine
import Testing

/// `get_starts` and the per-level window plans against the reference driver's schedules.
struct WindowScheduleTests {
    @Test func startsStepByTheHopAndPullTheLastWindowBack() {
        #expect(WindowSchedule.starts(total: 212, nCtx: 96, hop: 48) == [0, 48, 96, 116])
        #expect(WindowSchedule.starts(total: 96, nCtx: 96, hop: 48) == [0])
        #expect(WindowSchedule.starts(total: 100, nCtx: 64, hop: 8) == [0, 8, 16, 24, 32, 36])
        #expect(WindowSchedule.starts(total: 128, nCtx: 128, hop: 64) == [0])
    }

    @Test func existingTokensSkipWindowsAndShortenTheFirstOneBeyondThem() throws {
        let plan = try WindowSchedule(totalTokens: 212, contextLength: 96, hopLength: 48, existingTokens: 100)
        #expect(plan.windows.map(\.skipped) == [true, false, false, false])
        #expect(plan.windows.map(\.conditioningTokens) == [96, 52, 48, 76])
        #expect(plan.windows.map(\.newTokens) == [0, 44, 48, 20])
        #expect(plan.finalTokens == 212)
    }

    @Test func aLevelShorterThanOneWindowIsOnePartialWindow() throws {
        let plan = try WindowSchedule(totalTokens: 53, contextLength: 64, hopLength: 8, existingTokens: 0)
        #expect(
            plan.windows == [
                SamplingWindow(
                    start: 0, end: 64, tokensBefore: 0, conditioningTokens: 0, sampleTokens: 53, partial: true)
            ])
        // The reference's rule: a primer longer than n_ctx - total pulls the window back, and the
        // window takes the whole total again as new tokens (73 tokens where 53 were asked).
        let reference = try WindowSchedule(
            totalTokens: 53, contextLength: 64, hopLength: 8, existingTokens: 20, lengths: .reference)
        #expect(reference.windows.first?.start == 9)
        #expect(reference.windows.first?.newTokens == 53)
        #expect(reference.finalTokens == 73)
        // As asked (every job): the level ends with the 53 tokens asked for, the primer's 20 as prefix.
        let asked = try WindowSchedule(totalTokens: 53, contextLength: 64, hopLength: 8, existingTokens: 20)
        #expect(
            asked.windows == [
                SamplingWindow(
                    start: 0, end: 64, tokensBefore: 20, conditioningTokens: 20, sampleTokens: 53, partial: true)
            ])
        #expect(asked.finalTokens == 53)
        // Tokens already covering the level: nothing to sample.
        let covered = try WindowSchedule(totalTokens: 53, contextLength: 64, hopLength: 8, existingTokens: 53)
        let skipped = covered.windows.filter { $0.skipped }.count
        #expect(skipped == covered.windows.count)
        #expect(covered.finalTokens == 53)
    }

    @Test func badLengthsThrow() {
        #expect(throws: EngineError.self) {
            try WindowSchedule(totalTokens: 0, contextLength: 64, hopLength: 8, existingTokens: 0)
        }
        #expect(throws: EngineError.self) {
            try WindowSchedule(totalTokens: 64, contextLength: 64, hopLength: 0, existingTokens: 0)
        }
    }

    @Test(arguments: GoldenPipelineCase.names)
    func plansMatchTheReferenceSchedule(name: String) throws {
        let golden = try GoldenPipelineCase(name)
        for level in golden.sampledLevels {
            let settings = golden.settings[level]
            let hop = settings.hopLength(contextLength: golden.contextLength[level])
            #expect(hop == golden.hopLength[level])
            let plan = try WindowSchedule(
                totalTokens: golden.totalTokens[level], contextLength: golden.contextLength[level], hopLength: hop,
                existingTokens: golden.existingTokens[level])
            let expected = try #require(golden.windows[level])
            if let starts = golden.starts[level] ?? nil {
                #expect(WindowSchedule.starts(total: plan.totalTokens, nCtx: plan.contextLength, hop: hop) == starts)
            }
            #expect(plan.windows.count == expected.count, "level \(level)")
            for (ours, theirs) in zip(plan.windows, expected) {
                #expect(ours.start == theirs.start && ours.end == theirs.end, "level \(level)")
                #expect(ours.tokensBefore == theirs.tokensBefore, "level \(level) start \(theirs.start)")
                #expect(ours.conditioningTokens == theirs.conditioningTokens, "level \(level) start \(theirs.start)")
                #expect(ours.sampleTokens == theirs.sampleTokens, "level \(level) start \(theirs.start)")
                #expect(ours.newTokens == theirs.newTokens, "level \(level) start \(theirs.start)")
                #expect(ours.skipped == theirs.skipped && ours.partial == theirs.partial, "level \(level)")
                #expect(ours.tokensAfter == theirs.tokensAfter, "level \(level) start \(theirs.start)")
            }
            #expect(plan.finalTokens == golden.totalTokens[level])
        }
    }
}
