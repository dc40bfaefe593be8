import JukeboxWeights
import Testing

/// The schema derived from hyper-parameters matches the official files' key counts and
/// shapes (spec 9.4).
struct CheckpointSchemaTests {
    @Test func officialKeyCounts() throws {
        let preset = ModelPreset.fiveBLyrics
        #expect(CheckpointSchema.vqvae(preset.vqvae).count == 669)
        let upsamplers = try preset.priors[0...1].map { try CheckpointSchema.prior($0, vqvae: preset.vqvae) }
        #expect(upsamplers.map(\.count) == [1006, 1006])
        #expect(try CheckpointSchema.prior(ModelPreset.fiveB.priors[2], vqvae: preset.vqvae).count == 872)
        #expect(try CheckpointSchema.prior(ModelPreset.fiveBLyrics.priors[2], vqvae: preset.vqvae).count == 1194)
        #expect(try CheckpointSchema.prior(ModelPreset.oneBLyrics.priors[2], vqvae: preset.vqvae).count == 872)
    }

    @Test func officialParameterCounts() throws {
        func parameters(_ tensors: [ExpectedTensor], skippingTiedOutput: Bool) -> Int {
            tensors.filter { !(skippingTiedOutput && $0.name == "prior.x_out.weight") }
                .map { $0.shape.reduce(1, *) }.reduce(0, +)
        }
        let vqvae = ModelPreset.fiveB.vqvae
        #expect(parameters(CheckpointSchema.vqvae(vqvae), skippingTiedOutput: false) == 1_878_979)
        let upsampler = try CheckpointSchema.prior(ModelPreset.fiveB.priors[0], vqvae: vqvae)
        #expect(parameters(upsampler, skippingTiedOutput: true) == 981_298_176)
        let top5b = try CheckpointSchema.prior(ModelPreset.fiveB.priors[2], vqvae: vqvae)
        #expect(parameters(top5b, skippingTiedOutput: false) == 5_060_452_800)
        let lyrics5b = try CheckpointSchema.prior(ModelPreset.fiveBLyrics.priors[2], vqvae: vqvae)
        #expect(parameters(lyrics5b, skippingTiedOutput: false) == 5_640_506_800)
        let lyrics1b = try CheckpointSchema.prior(ModelPreset.oneBLyrics.priors[2], vqvae: vqvae)
        #expect(parameters(lyrics1b, skippingTiedOutput: true) == 942_643_200)
    }

    @Test func officialShapesFromTheSpec() throws {
        let vqvae = ModelPreset.oneBLyrics.vqvae
        let schema = Dictionary(
            uniqueKeysWithValues: try CheckpointSchema.prior(ModelPreset.oneBLyrics.priors[2], vqvae: vqvae)
                .map { ($0.name, $0.shape) })
        #expect(schema["prior.x_emb.weight"] == [2127, 2048])
        #expect(schema["prior.pos_emb.pos_emb"] == [6528, 2048])
        #expect(schema["prior.transformer._attn_mods.15.attn.c_attn.w"] == [2048, 1536])
        #expect(schema["y_emb.total_length_emb.emb.weight"] == [64, 2048])

        let upsampler = Dictionary(
            uniqueKeysWithValues: try CheckpointSchema.prior(ModelPreset.fiveB.priors[1], vqvae: vqvae)
                .map { ($0.name, $0.shape) })
        #expect(upsampler["conditioner_blocks.0.cond.model.2.1.weight"] == [1024, 1920, 4])
        #expect(upsampler["conditioner_blocks.0.cond.model.1.0.blocks.15.model.1.weight"] == [1024, 1024, 3])

        let lyrics = try CheckpointSchema.prior(ModelPreset.fiveBLyrics.priors[2], vqvae: vqvae)
        let crossLayers = lyrics.filter { $0.name.hasSuffix("c_enc_kv.w") }.map(\.name)
        #expect(
            crossLayers == [18, 28, 38, 48, 58, 68, 78].map { "prior.transformer._attn_mods.\($0).attn.c_enc_kv.w" })
    }

    @Test func attentionSchedulesOfTheOfficialModels() throws {
        let order10 = try AttentionSchedule.types(depth: 79, attnOrder: 10)
        #expect(order10.filter { $0 == .encoderDecoder }.count == 7)
        #expect(order10[18] == .encoderDecoder && order10[19] == .block)
        let order12 = try AttentionSchedule.types(depth: 72, attnOrder: 12)
        #expect(order12[15] == .prime && order12[31] == .prime && order12[47] == .dense && order12[63] == .prime)
        #expect(order12.filter { $0 == .block }.count == 22)
        #expect(throws: BundleError.self) { try AttentionSchedule.type(layer: 0, attnOrder: 13) }
    }

    @Test func presetsValidateAndUnknownNamesAreRefused() throws {
        for preset in ModelPreset.allCases {
            try preset.vqvae.validate()
            for prior in preset.priors { try prior.validate() }
        }
        #expect(throws: BundleError.unknownPreset(name: "7b", known: ["5b", "5b_lyrics", "1b_lyrics"])) {
            try ModelPreset.named("7b")
        }
    }
}
