import JukeboxEngine
import JukeboxModel
import Testing

/// The driver's checks and its hooks, on the golden models.
struct PipelineTests {
    struct Stop: Error {}

    @Test func aThrowingWindowHookStopsTheJob() throws {
        let golden = try GoldenPipelineCase("ancestral_5b_lyrics")
        let pipeline = try GoldenBundles.pipeline(golden.bundle)
        let plan = try PipelineGoldenTests.plan(golden, pipeline)
        var state = try PipelineGoldenTests.start(golden, pipeline, seed: 1)
        var seen = 0
        #expect(throws: Stop.self) {
            try pipeline.sample(
                plan, state: &state,
                hooks: SamplingHooks(windowDone: { _, _ in
                    seen += 1
                    throw Stop()
                }))
        }
        #expect(seen == 1)
    }

    @Test func jobsThatDoNotFitTheModelsAreRejected() throws {
        let golden = try GoldenPipelineCase("ancestral_5b_lyrics")
        let pipeline = try GoldenBundles.pipeline(golden.bundle)
        let plan = try PipelineGoldenTests.plan(golden, pipeline)
        let start = try PipelineGoldenTests.start(golden, pipeline, seed: 1)
        func rejects(_ plan: SamplingPlan, _ codes: [[[Int]]]? = nil) -> Bool {
            var state = start
            if let codes { state.codes = codes }
            do { try pipeline.sample(plan, state: &state) } catch is EngineError { return true } catch { return false }
            return false
        }

        var shortLength = plan
        shortLength.sampleLength = 6784 + 64  // not a multiple of the top hop (128)
        #expect(rejects(shortLength))

        var missingLevel = plan
        missingLevel.labels.removeLast()
        #expect(rejects(missingLevel))

        var badSettings = plan
        badSettings.settings[0].maxBatchSize = 0
        #expect(rejects(badSettings))

        // Top-k with top-p reaches the driver only through the engine API: still an error, not a trap.
        var bothFilters = plan
        bothFilters.settings[2].sampling.topK = 5
        bothFilters.settings[2].sampling.topP = 0.9
        #expect(rejects(bothFilters))

        var levelsOutOfOrder = plan
        levelsOutOfOrder.levels = [0, 1, 2]
        #expect(rejects(levelsOutOfOrder))

        // Upsampling needs the level above to cover every window of the level below.
        var upsample = plan
        upsample.levels = [1, 0]
        var state = start
        state.codes = [[[], []], [[], []], [Array(repeating: 1, count: 10), Array(repeating: 2, count: 10)]]
        #expect(throws: EngineError.invalidCodes(level: 2, reason: "window [0, 96) needs upper tokens [0, 24)")) {
            try pipeline.sample(upsample, state: &state)
        }

        #expect(rejects(plan, [[[1], []], [[], []], [[], []]]))  // ragged rows
    }
}
