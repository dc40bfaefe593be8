import Foundation
import JukeboxModel
import JukeboxTensor
import JukeboxWeights
import Testing

/// The VQ-VAE of a bundle on disk: weights are views of the mapped files, and a round trip
/// through codes gives audio of the right length at every level.
struct TinyBundleVQVAETests {
    @Test func bundleVQVAEEncodesAndDecodes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tiny-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try RandomBundle.write(
            config: TinyBundle.config(createdBy: "test"), labels: TinyBundle.labels, to: folder, seed: 3)
        let bundle = try ModelBundle(path: folder)
        let store = WeightStore(bundle.vqvae)
        #expect(try store.tensor("decoders.0.out.weight").isBorrowed)  // a view, not a copy
        let model = try VQVAE(bundle.config.vqvae, weights: store)

        let samples = 128 * 40
        let audio = Tensor((0..<samples).map { Float(0.3 * sin(Double($0) * 0.05)) }, shape: [1, 1, samples])
        let codes = try model.encode(audio, levels: [0, 1, 2])
        #expect(codes.map { $0[0].count } == [samples / 8, samples / 32, samples / 128])
        #expect(codes.allSatisfy { $0[0].allSatisfy { (0..<64).contains($0) } })
        for level in 0..<3 {
            let decoded = try model.decode(codes[level], level: level)
            #expect(decoded.shape == [1, 1, samples])
            #expect(decoded.floats().allSatisfy { $0.isFinite })
        }
    }
}
