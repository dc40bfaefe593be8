import JukeboxEngine
import JukeboxTestSupport
import JukeboxWeights
import Testing

/// A prior's bytes per step and multiply-adds per token, against hand arithmetic.
struct PriorCostTests {
    /// The tiny bundle's level-0 upsampler: width 32, depth 3, attention width 8 (m_attn 0.25),
    /// MLP width 32, 64 codes.
    let hp = TinyBundle.priors[0]

    @Test func theTinyUpsamplerCostsWhatItsMatricesSay() throws {
        #expect(hp.priorWidth == 32 && hp.priorDepth == 3 && hp.attentionWidth == 8 && hp.mlpWidth == 32)
        let cost = try PriorCost(hp, vqvae: TinyBundle.vqvae, matrixBytes: 2)
        // Per layer: c_attn 32x24 + attn c_proj 8x32 + c_fc 32x32 + mlp c_proj 32x32 = 3072;
        // three layers 9216, plus x_out 64x32 = 2048.
        #expect(cost.macsPerToken == 11264)
        // Biases and norms per layer: 24 + 32 + 64 + 32 + 32 + 64 = 248, three layers 744, float32.
        // The .w matrices at 2 bytes: 18432; x_out (not a Conv1D) at 4: 8192; 744 x 4 = 2976.
        #expect(cost.bytesPerStep == 18432 + 8192 + 2976)
        let wide = try PriorCost(hp, vqvae: TinyBundle.vqvae, matrixBytes: 4)
        #expect(wide.bytesPerStep == 36864 + 8192 + 2976)
        #expect(wide.macsPerToken == cost.macsPerToken)
    }

    @Test func aStepTakesTheLongerOfReadingAndMultiplying() {
        let cost = PriorCost(bytesPerStep: 1e9, macsPerToken: 0.25e9)
        let rates = MachineRates(sgemmGFLOPS: 1, readGBps: 1, kernel: "test")
        #expect(cost.stepSeconds(takes: 1, rates: rates) == 1)  // 1 GB read; 0.5 GFLOP
        #expect(cost.stepSeconds(takes: 3, rates: rates) == 1.5)  // 1.5 GFLOP
        #expect(cost.prefixSeconds(takes: 1, rates: rates) == 0.5)
        #expect(cost.prefixSeconds(takes: 4, rates: rates) == 2)
    }

    @Test func aFilesDTypesGiveTheSameBytesAsTheRule() throws {
        try withTemporaryDirectory { folder in
            let path = folder + "/prior.safetensors"
            try RandomWeights.write(
                try CheckpointSchema.prior(hp, vqvae: TinyBundle.vqvae), to: path, seed: 1, halfMatrices: .bfloat16)
            let stored = try PriorCost(hp, vqvae: TinyBundle.vqvae, storedIn: try SafeTensorsReader(path: path))
            var rule = try PriorCost(hp, vqvae: TinyBundle.vqvae, matrixBytes: 2)
            #expect(stored.bf16Matrices)  // priced at the bf16 product rate
            rule.bf16Matrices = true
            #expect(stored == rule)
        }
    }
}
