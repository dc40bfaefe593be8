import Foundation
import JukeboxModel
import JukeboxTensor
import JukeboxTestSupport
import JukeboxWeights
import Testing

/// The VQ-VAE against the reference's outputs for the `vqvae` case: encoder blocks, codes,
/// dequantised vectors, decoder blocks and decoded audio at every level.
struct VQVAEGoldenTests {
    static let tolerance: Float = 1e-4

    let model: VQVAE
    let golden: SafeTensorsReader
    let audio: Tensor  // (batch, 1, time)

    init() throws {
        let hp = try Golden.hyperparameters(VQVAEHyperparameters.self, case: "vqvae")
        model = try VQVAE(hp, weights: WeightStore(try Golden.tensors("vqvae.weights.safetensors")))
        golden = try Golden.tensors("vqvae.safetensors")
        let input = try golden.tensor(named: "input.audio")  // (batch, time, 1)
        audio = Tensor(try input.floats(), shape: [input.shape[0], 1, input.shape[1]])
    }

    func expected(_ name: String) throws -> [Float] { try golden.tensor(named: name).floats() }

    @Test func encoderBlocksMatch() throws {
        for level in 0..<3 {
            let outputs = model.encoderOutputs(audio, level: level)
            #expect(outputs.count == level + 1)
            for (block, output) in outputs.enumerated() {
                let error = maxAbsDifference(output.floats(), try expected("encoder\(level).level_block\(block).out"))
                #expect(error <= Self.tolerance, "encoder \(level) block \(block): max error \(error)")
            }
        }
    }

    @Test func codesAreIdenticalAtEveryLevel() throws {
        let codes = try model.encode(audio, levels: [0, 1, 2])
        for level in 0..<3 {
            let reference = try golden.tensor(named: "codes.level\(level)")
            let ours = codes[level].flatMap { $0.map(Int64.init) }
            #expect(ours == (try reference.int64s()), "level \(level) codes differ")
        }
    }

    @Test func dequantiseAndDecodeMatch() throws {
        for level in 0..<3 {
            let reference = try golden.tensor(named: "codes.level\(level)")
            let time = reference.shape[1]
            let flat = try reference.int64s().map(Int.init)
            let codes = stride(from: 0, to: flat.count, by: time).map { Array(flat[$0..<($0 + time)]) }

            let vectors = try model.dequantise(codes, level: level)
            #expect(maxAbsDifference(vectors.floats(), try expected("dequantised.level\(level)")) == 0)

            let (blocks, decoded) = model.decoderOutputs(vectors, level: level)
            for (runIndex, output) in blocks.enumerated() {
                let index = level - runIndex  // blocks run last to first; names use the module index
                let name = "decoder\(level).level_block\(index).out"
                let full = golden.entry(named: name) != nil
                let ours = full ? output.floats() : firstSteps(output, 2048)
                let error = maxAbsDifference(ours, try expected(full ? name : name + ".first2048"))
                #expect(error <= Self.tolerance, "decoder \(level) block \(index): max error \(error)")
            }
            let error = maxAbsDifference(decoded.floats(), try expected("decoded.level\(level)"))
            #expect(error <= Self.tolerance, "decoded level \(level): max error \(error)")
            #expect(try model.decode(codes, level: level).floats() == decoded.floats())
        }
    }
}
