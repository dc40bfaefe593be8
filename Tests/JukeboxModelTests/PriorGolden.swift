import Foundation
import JukeboxModel
import JukeboxTensor
import JukeboxTestSupport
import JukeboxWeights

/// One golden prior case: the model built from its weights and its reference tensors.
struct PriorGoldenCase {
    static let tolerance: Float = 2e-4

    let name: String
    let hyperparameters: PriorHyperparameters
    let prior: Prior
    let golden: SafeTensorsReader

    init(_ name: String) throws {
        self.name = name
        hyperparameters = try Golden.hyperparameters(PriorHyperparameters.self, case: name)
        let vqvae = try Golden.hyperparameters(VQVAEHyperparameters.self, case: "vqvae")
        prior = try Prior(
            weights: WeightStore(try Golden.tensors("\(name).weights.safetensors")), hyperparameters: hyperparameters,
            vqvae: vqvae)
        golden = try Golden.tensors("\(name).safetensors")
    }

    func has(_ tensor: String) -> Bool { golden.entry(named: tensor) != nil }

    func floats(_ tensor: String) throws -> [Float] { try golden.tensor(named: tensor).floats() }

    /// A (rows, columns) integer tensor as rows.
    func rows(_ tensor: String) throws -> [[Int]] {
        let t = try golden.tensor(named: tensor)
        let values = try t.int64s().map { Int($0) }
        let columns = t.shape.count > 1 ? t.shape[1...].reduce(1, *) : 1
        return stride(from: 0, to: values.count, by: columns).map { Array(values[$0..<($0 + columns)]) }
    }

    func conditioning() throws -> PriorConditioning {
        try prior.conditioning(
            labels: try rows("input.y"), upperCodes: has("input.z_cond") ? try rows("input.z_cond") : nil)
    }

    /// `(prefix length, chunk size, sample_tokens)` of the primed run from the case JSON.
    func primedSettings() throws -> (prefix: Int, chunk: Int, length: Int) {
        struct Settings: Decodable {
            struct Sampling: Decodable {
                struct Primed: Decodable {
                    var prefix: String
                    var chunkSize: Int
                    var sampleTokens: Int

                    enum CodingKeys: String, CodingKey {
                        case prefix
                        case chunkSize = "chunk_size"
                        case sampleTokens = "sample_tokens"
                    }
                }
                var primed: Primed
            }
            var sampling: Sampling
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: Golden.path("\(name).json")))
        let primed = try JSONDecoder().decode(Settings.self, from: data).sampling.primed
        // "input.z[:, :37]"
        let digits = primed.prefix.split(separator: ":").last!.filter(\.isNumber)
        return (Int(digits)!, primed.chunkSize, primed.sampleTokens)
    }
}
