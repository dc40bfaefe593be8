import JukeboxEngine
import JukeboxModel
import JukeboxTensor
import JukeboxTerms
import JukeboxTestSupport
import JukeboxText
import Testing

/// The reference's sampling driver end to end (golden Case 6) through the engine's one driver
/// (`Pipeline.sample`, the path of every daemon job): labels, every window's label vectors and
/// batch splits, the tokens of every level (exact) and the decoded audio.
@Suite(.serialized)
struct PipelineGoldenTests {
    /// Labels of every level from the case's names, lyrics and timing.
    static func labels(_ golden: GoldenPipelineCase, _ pipeline: Pipeline) throws -> [[Labeller.Label]] {
        let takes = try golden.metas.map {
            try pipeline.label(
                artist: $0.artist, genre: $0.genre, lyrics: $0.lyrics, totalLength: $0.totalLength, offset: $0.offset,
                unknown: .useUnknownID)
        }
        return (0..<pipeline.levels).map { level in takes.map { $0[level] } }
    }

    /// The job the reference ran: length, sampled levels, labels and settings, with the
    /// reference's partial-window lengths.
    static func plan(_ golden: GoldenPipelineCase, _ pipeline: Pipeline) throws -> SamplingPlan {
        SamplingPlan(
            sampleLength: golden.sampleLength, levels: golden.sampledLevels.sorted(by: >),
            labels: try labels(golden, pipeline), settings: golden.settings, lengths: .reference)
    }

    /// The primer audio of a primed case, (takes, 1, time).
    static func primer(_ golden: GoldenPipelineCase) throws -> Tensor {
        let (values, shape) = try golden.floats("input.x")  // (takes, time, 1) = (takes, 1, time) in memory
        return Tensor(values, shape: [shape[0], 1, shape[1]])
    }

    /// The state the reference's job starts from: its mode's starting tokens and seed 0.
    static func start(_ golden: GoldenPipelineCase, _ pipeline: Pipeline, seed: UInt64 = 0) throws -> SamplingState {
        let mode = try #require(GenerationMode(rawValue: golden.mode))
        let plan = try plan(golden, pipeline)
        var primer: Tensor? = nil
        var source: [[[Int]]]? = nil
        switch mode {
        case .primed:
            primer = try Self.primer(golden)
        case .continue:
            let saved = try SavedCodes.read(path: Golden.path(try #require(golden.codesFile)))
            source = try SavedCodes.cut(
                saved, toDuration: try #require(golden.duration), hopLengths: pipeline.vqvae.hopLengths)
        case .upsample:
            source = try SavedCodes.read(path: Golden.path(try #require(golden.codesFile)))
        case .ancestral:
            break
        }
        let codes = try pipeline.startingCodes(
            mode: mode, takes: plan.takes, primer: primer, source: source, levels: plan.levels)
        return SamplingState(codes: codes, generator: SeededGenerator(seed: seed))
    }

    @Test(arguments: GoldenPipelineCase.names)
    func labelsMatchTheReference(name: String) throws {
        let golden = try GoldenPipelineCase(name)
        let pipeline = try GoldenBundles.pipeline(golden.bundle)
        let labels = try Self.labels(golden, pipeline)
        for level in 0..<3 {
            #expect(labels[level].map { $0.vector.values.map { Int($0) } } == golden.labels[level], "level \(level)")
        }
        for level in golden.sampledLevels {
            let sampler = try pipeline.sampler(level: level, settings: golden.settings[level])
            for window in try #require(golden.windows[level]) where !window.skipped {
                let y = try sampler.windowLabels(labels[level], start: window.start)
                #expect(y == window.labels, "level \(level) window at \(window.start)")
            }
        }
    }

    @Test func savedCodesReadAsTheReferenceLoadsThem() throws {
        let golden = try GoldenPipelineCase("continue_5b_lyrics")
        let saved = try SavedCodes.read(path: Golden.path(try #require(golden.codesFile)))
        let cut = try SavedCodes.cut(saved, toDuration: 5120, hopLengths: [8, 32, 128])
        for level in 0..<3 {
            #expect(cut[level] == (try golden.intRows("input.codes.level\(level)")), "level \(level)")
        }
        #expect(throws: EngineError.self) { try SavedCodes.cut(saved, toDuration: 5000, hopLengths: [8, 32, 128]) }
    }

    @Test(arguments: GoldenPipelineCase.names)
    func tokensAndAudioMatchTheReference(name: String) throws {
        let golden = try GoldenPipelineCase(name)
        let pipeline = try GoldenBundles.pipeline(golden.bundle)
        let plan = try Self.plan(golden, pipeline)
        var state = try Self.start(golden, pipeline)
        if golden.mode == "primed" {
            for level in 0..<3 {
                #expect(
                    state.codes[level] == (try golden.intRows("primer.codes.level\(level)")), "primer level \(level)")
            }
        }
        var reports: [WindowReport] = []
        var audio: [Int: Tensor] = [:]
        try pipeline.sample(
            plan, state: &state,
            hooks: SamplingHooks(
                windowDone: { report, _ in reports.append(report) },
                levelDone: { level, state in audio[level] = try pipeline.vqvae.decode(state.codes[level], level: level)
                }))

        for level in 0..<3 {
            #expect(state.codes[level] == (try golden.intRows("tokens.level\(level)")), "tokens level \(level)")
        }
        if golden.bundle == "1b_lyrics" {
            // The merged-vocabulary ids fed back inside each window (-1 where not sampled).
            var raw = Array(repeating: Array(repeating: -1, count: golden.totalTokens[2]), count: golden.metas.count)
            for report in reports where report.level == 2 {
                for (take, row) in report.rawTokens.enumerated() {
                    let first = report.window.start + report.window.conditioningTokens
                    for (i, id) in row.enumerated() { raw[take][first + i] = id }
                }
            }
            #expect(raw == (try golden.intRows("tokens.level2.raw")))
        }
        for level in golden.sampledLevels {
            let expected = try #require(golden.windows[level])
            let ours = reports.filter { $0.level == level }
            #expect(ours.map(\.window.start) == expected.map(\.start), "level \(level)")
            #expect(ours.allSatisfy { $0.count == expected.count })
            for (report, window) in zip(ours, expected) where !window.skipped {
                #expect(report.labels == window.labels, "level \(level) window at \(window.start)")
                #expect(report.batchSplits == window.batchSplits, "level \(level) window at \(window.start)")
            }
            let audio = try #require(audio[level])
            let (reference, shape) = try golden.floats("audio.level\(level)")
            #expect(audio.shape == [shape[0], 1, shape[1]])
            let worst = zip(audio.floats(), reference).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worst <= 1e-4, "audio level \(level): max abs difference \(worst)")
        }
    }
}
