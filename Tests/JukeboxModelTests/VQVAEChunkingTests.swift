import Foundation
import JukeboxModel
import JukeboxTensor
import JukeboxWeights
import Testing

/// Long audio processed in pieces gives what one pass over the whole signal gives.
struct VQVAEChunkingTests {
    /// A small three-level VQ-VAE with random weights: short dilation stacks, so pieces much
    /// shorter than the signal still carry their full context.
    static func model() throws -> VQVAE {
        let hp = VQVAEHyperparameters(
            sr: 44_100, levels: 3, downsT: [3, 2, 2], stridesT: [2, 2, 2], embWidth: 16, lBins: 64, width: 8,
            depth: 2, mConv: 1, dilationGrowthRate: 3, dilationCycle: nil, reverseDecoderDilation: true,
            hvqvaeMultipliers: [2, 1, 1], useBottleneck: true)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vqvae-\(UUID().uuidString).safetensors"
        ).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try RandomWeights.write(CheckpointSchema.vqvae(hp), to: path, seed: 11)
        return try VQVAE(hp, weights: WeightStore(try SafeTensorsReader(path: path)))
    }

    static func audio(samples: Int) -> Tensor {
        let values = (0..<(2 * samples)).map { i -> Float in
            let t = Double(i % samples) / 44_100
            let item = Double(i / samples)
            return Float(0.4 * sin(2 * .pi * (220 + 110 * item) * t) + 0.2 * sin(2 * .pi * 3_100 * t * t))
        }
        return Tensor(values, shape: [2, 1, samples])
    }

    @Test func contextCoversTheReceptiveField() throws {
        let model = try Self.model()
        // Level 0: three stride-2 stages with dilations 1, 3, 9, 27 (sum 40) after each.
        #expect(model.encoderContext(level: 0) == 640)  // 596 rounded up to 128s
        #expect(model.encoderContext(level: 2) >= model.encoderContext(level: 1))
        #expect(model.decoderContext(level: 0) > 0)
    }

    @Test func chunkedEncodeGivesTheSameCodes() throws {
        let model = try Self.model()
        let audio = Self.audio(samples: 128 * 300)
        let whole = try model.encode(audio, levels: [0, 1, 2])
        let pieces = try model.encode(audio, levels: [0, 1, 2], chunkSamples: 128 * 37)
        for level in 0..<3 {
            let total = whole[level].map(\.count).reduce(0, +)
            let differing = zip(whole[level].joined(), pieces[level].joined()).filter { $0 != $1 }.count
            #expect(pieces[level].map(\.count) == whole[level].map(\.count))
            #expect(differing == 0, "level \(level): \(differing) of \(total) codes differ")
        }
    }

    @Test func chunkedDecodeMatchesWithinTolerance() throws {
        let model = try Self.model()
        let audio = Self.audio(samples: 128 * 200)
        let codes = try model.encode(audio, levels: [0, 1, 2])
        for level in 0..<3 {
            let whole = try model.decode(codes[level], level: level)
            let pieces = try model.decode(codes[level], level: level, chunkCodes: 97)
            #expect(pieces.shape == whole.shape)
            let error = maxAbsDifference(pieces.floats(), whole.floats())
            #expect(error <= 1e-4, "level \(level): max error \(error)")
        }
    }

    @Test func badInputsAreRefused() throws {
        let model = try Self.model()
        #expect(throws: ModelError.self) { try model.encode(Self.audio(samples: 100), levels: [0]) }
        #expect(throws: ModelError.self) { try model.encode(Self.audio(samples: 128), levels: [3]) }
        #expect(throws: ModelError.self) { try model.decode([[0, 64]], level: 0) }
    }
}
