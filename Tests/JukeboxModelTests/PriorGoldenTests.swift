import JukeboxModel
import JukeboxTensor
import Testing

/// The four golden prior cases (2a 5b_lyrics layout, 2b 1b_lyrics layout, 3 upsamplers) against
/// the reference: conditioning, teacher forcing, greedy and primed KV-cached sampling.
struct PriorGoldenTests {
    static let cases = ["prior_top_5b", "prior_top_1b", "prior_upsampler_l1", "prior_upsampler_l0"]

    @Test(arguments: cases) func labelBinsAreExact(_ name: String) throws {
        let c = try PriorGoldenCase(name)
        let labelCount = 4 + c.hyperparameters.maxBowGenreSize
        let bins = try c.prior.labelBins(try c.rows("input.y").map { Array($0[0..<labelCount]) })
        #expect(bins.artist == (try c.rows("cond.bins.artist_emb")).map { $0[0] })
        #expect(bins.genre == (try c.rows("cond.bins.bow_genre_emb")))
        if c.has("cond.bins.total_length_emb") {
            #expect(bins.totalLength == (try c.rows("cond.bins.total_length_emb")).map { $0[0] })
            #expect(bins.absolutePosition == (try c.rows("cond.bins.absolute_pos_emb")))
            #expect(bins.relativePosition == (try c.rows("cond.bins.relative_pos_emb")))
        } else {
            #expect(bins.totalLength.isEmpty && bins.absolutePosition.isEmpty)
        }
    }

    @Test(arguments: cases) func conditioningMatches(_ name: String) throws {
        let c = try PriorGoldenCase(name)
        let cond = try c.conditioning()
        let start = maxAbsDifference(cond.start.floats(), try c.floats("cond.y_cond"))
        #expect(start <= PriorGoldenCase.tolerance, "\(name) y_cond max error \(start)")
        let x = maxAbsDifference(try #require(cond.condition).floats(), try c.floats("cond.x_cond"))
        #expect(x <= PriorGoldenCase.tolerance, "\(name) x_cond max error \(x)")
        print("\(name): y_cond max error \(start), x_cond max error \(x)")
        if c.has("cond.encoder_kv") {
            let acts = maxAbsDifference(try #require(cond.lyricActivations).floats(), try c.floats("cond.prime_acts"))
            let kv = maxAbsDifference(try #require(cond.encoderKV).floats(), try c.floats("cond.encoder_kv"))
            #expect(acts <= PriorGoldenCase.tolerance, "\(name) prime_acts max error \(acts)")
            #expect(kv <= PriorGoldenCase.tolerance, "\(name) encoder_kv max error \(kv)")
            print("\(name): prime_acts max error \(acts), encoder_kv max error \(kv)")
        } else {
            #expect(cond.encoderKV == nil)
        }
    }

    @Test(arguments: cases) func teacherForcedLogitsMatch(_ name: String) throws {
        let c = try PriorGoldenCase(name)
        let logits = try c.prior.logits(codes: try c.rows("input.z"), conditioning: try c.conditioning())
        let error = maxAbsDifference(logits.floats(), try c.floats("forward.logits"))
        #expect(error <= PriorGoldenCase.tolerance, "\(name) forward.logits max error \(error)")
        print("\(name): forward.logits max error \(error)")
    }

    @Test(arguments: cases) func greedySamplingMatches(_ name: String) throws {
        let c = try PriorGoldenCase(name)
        let cond = try c.conditioning()
        var generator = SeededGenerator(seed: 0)
        let batch = cond.start.shape[0]
        let result = try c.prior.sample(
            prefix: Array(repeating: [], count: batch), conditioning: cond,
            options: SamplingOptions(topK: 1, recordLogits: true), using: &generator)
        #expect(result.tokens == (try c.rows("sample.greedy.tokens")))
        if c.has("sample.greedy.raw_tokens") {
            #expect(result.rawTokens == (try c.rows("sample.greedy.raw_tokens")))
        }
        let error = maxAbsDifference(
            try #require(result.stepLogits).floats(), try c.floats("sample.greedy.step_logits"))
        #expect(error <= PriorGoldenCase.tolerance, "\(name) greedy step_logits max error \(error)")
        print("\(name): sample.greedy.step_logits max error \(error)")
    }

    @Test(arguments: cases) func primedSamplingMatches(_ name: String) throws {
        let c = try PriorGoldenCase(name)
        let cond = try c.conditioning()
        let settings = try c.primedSettings()
        let prefix = try c.rows("input.z").map { Array($0[0..<settings.prefix]) }
        var generator = SeededGenerator(seed: 1)
        let result = try c.prior.sample(
            prefix: prefix, length: settings.length, conditioning: cond,
            options: SamplingOptions(topK: 1, chunkSize: settings.chunk, recordLogits: true), using: &generator)
        #expect(result.tokens == (try c.rows("sample.primed.tokens")))
        let error = maxAbsDifference(
            try #require(result.stepLogits).floats(), try c.floats("sample.primed.step_logits"))
        #expect(error <= PriorGoldenCase.tolerance, "\(name) primed step_logits max error \(error)")
        print("\(name): sample.primed.step_logits max error \(error)")
    }
}
