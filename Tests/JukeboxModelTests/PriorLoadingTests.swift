import Foundation
import JukeboxModel
import JukeboxTensor
import JukeboxTestSupport
import JukeboxWeights
import Testing

/// Loading is strict: the golden weight files hold exactly the schema's tensors, a prior built
/// from the schema's random weights loads, and removing any one tensor makes loading fail.
struct PriorLoadingTests {
    static let cases = ["prior_top_5b", "prior_top_1b", "prior_upsampler_l1", "prior_upsampler_l0"]

    static func temporaryPath(_ name: String) -> String {
        (NSTemporaryDirectory() as NSString).appendingPathComponent("prior-\(name)-\(UUID().uuidString).safetensors")
    }

    @Test(arguments: cases) func goldenWeightsAreExactlyTheSchema(_ name: String) throws {
        let hp = try Golden.hyperparameters(PriorHyperparameters.self, case: name)
        let vqvae = try Golden.hyperparameters(VQVAEHyperparameters.self, case: "vqvae")
        let reader = try Golden.tensors("\(name).weights.safetensors")
        let schema = try CheckpointSchema.prior(hp, vqvae: vqvae)
        #expect(Set(reader.entries.map(\.name)) == Set(schema.map(\.name)))
        for tensor in schema { #expect(reader.entry(named: tensor.name)?.shape == tensor.shape, "\(tensor.name)") }
    }

    @Test(arguments: ["prior_upsampler_l0", "prior_top_5b"]) func everyTensorIsNeeded(_ name: String) throws {
        let hp = try Golden.hyperparameters(PriorHyperparameters.self, case: name)
        let vqvae = try Golden.hyperparameters(VQVAEHyperparameters.self, case: "vqvae")
        let reader = try Golden.tensors("\(name).weights.safetensors")
        let all = try reader.entries.map { try reader.tensor($0) }
        let path = Self.temporaryPath(name)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for (index, missing) in all.enumerated() {
            var kept = all
            kept.remove(at: index)
            try SafeTensorsWriter.write(to: path, tensors: kept)
            let store = WeightStore(try SafeTensorsReader(path: path))
            do {
                _ = try Prior(weights: store, hyperparameters: hp, vqvae: vqvae)
                Issue.record("\(name): loaded without \(missing.name)")
            } catch let error as ModelError {
                #expect(error == .missingWeight(name: missing.name))
            }
        }
    }

    @Test func wrongShapeNamesTheTensor() throws {
        let hp = try Golden.hyperparameters(PriorHyperparameters.self, case: "prior_upsampler_l0")
        var vqvae = try Golden.hyperparameters(VQVAEHyperparameters.self, case: "vqvae")
        vqvae.lBins = 32
        let store = WeightStore(try Golden.tensors("prior_upsampler_l0.weights.safetensors"))
        #expect(
            throws: ModelError.weightShape(
                name: "conditioner_blocks.0.x_emb.weight", expected: [32, 32], actual: [64, 32])
        ) {
            try Prior(weights: store, hyperparameters: hp, vqvae: vqvae)
        }
    }

    @Test func randomSchemaWeightsWithHalfMatricesLoadAndSample() throws {
        let hp = try Golden.hyperparameters(PriorHyperparameters.self, case: "prior_top_1b")
        let vqvae = try Golden.hyperparameters(VQVAEHyperparameters.self, case: "vqvae")
        let path = Self.temporaryPath("random")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try RandomWeights.write(try CheckpointSchema.prior(hp, vqvae: vqvae), to: path, seed: 3, halfMatrices: .float16)
        let prior = try Prior(
            weights: WeightStore(try SafeTensorsReader(path: path)), hyperparameters: hp, vqvae: vqvae)
        let y = try PriorGoldenCase("prior_top_1b").rows("input.y")
        var generator = SeededGenerator(seed: 2)
        var steps: [Int] = []
        let sample = try prior.sample(
            prefix: [[], []], length: 8, conditioning: try prior.conditioning(labels: y), using: &generator,
            progress: { done, total in
                steps.append(done)
                #expect(total == 8)
            })
        // The merged model feeds its lyric tokens first as a prefix (a 0 report per chunk), then
        // reports every sampled token.
        #expect(steps.first == 0)
        #expect(Array(steps.drop(while: { $0 == 0 })) == Array(1...8))
        #expect(sample.tokens.allSatisfy { $0.count == 8 && $0.allSatisfy { (0..<64).contains($0) } })
        #expect(sample.rawTokens.allSatisfy { $0.count == 8 && $0.allSatisfy { (0..<prior.vocabulary).contains($0) } })
    }
}
