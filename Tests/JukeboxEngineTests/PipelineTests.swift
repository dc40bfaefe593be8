import JukeboxEngine
import JukeboxModel
import Testing

/// The driver's checks and its per-window hook, on the golden models.
struct PipelineTests {
    struct Stop: Error {}

    @Test func aThrowingWindowCallbackStopsTheJob() throws {
        let golden = try GoldenPipelineCase("ancestral_5b_lyrics")
        let pipeline = try GoldenBundles.pipeline(golden.bundle)
        let job = try PipelineGoldenTests.job(golden, pipeline)
        var generator = SeededGenerator(seed: 1)
        var seen = 0
        #expect(throws: Stop.self) {
            _ = try pipeline.run(job, using: &generator) { _ in
                seen += 1
                throw Stop()
            }
        }
        #expect(seen == 1)
    }

    @Test func jobsThatDoNotFitTheModelsAreRejected() throws {
        let golden = try GoldenPipelineCase("ancestral_5b_lyrics")
        let pipeline = try GoldenBundles.pipeline(golden.bundle)
        let job = try PipelineGoldenTests.job(golden, pipeline)
        var generator = SeededGenerator(seed: 1)

        var shortLength = job
        shortLength.sampleLength = 6784 + 64  // not a multiple of the top hop (128)
        #expect(throws: EngineError.self) { _ = try pipeline.run(shortLength, using: &generator) }

        var missingLevel = job
        missingLevel.labels.removeLast()
        #expect(throws: EngineError.self) { _ = try pipeline.run(missingLevel, using: &generator) }

        var badSettings = job
        badSettings.settings[0].maxBatchSize = 0
        #expect(throws: EngineError.self) { _ = try pipeline.run(badSettings, using: &generator) }

        // Upsampling needs the level above to cover every window of the level below.
        var tooFewUpperCodes = job
        tooFewUpperCodes.mode = .upsample(codes: [
            [[], []], [[], []], [Array(repeating: 1, count: 10), Array(repeating: 2, count: 10)],
        ])
        #expect(throws: EngineError.invalidCodes(level: 2, reason: "window [0, 96) needs upper tokens [0, 24)")) {
            _ = try pipeline.run(tooFewUpperCodes, using: &generator)
        }

        var raggedCodes = job
        raggedCodes.mode = .continuation(codes: [[[1], []], [[], []], [[], []]])
        #expect(throws: EngineError.self) { _ = try pipeline.run(raggedCodes, using: &generator) }
    }
}
