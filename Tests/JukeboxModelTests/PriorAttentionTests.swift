import JukeboxTensor
import JukeboxWeights
import Testing

@testable import JukeboxModel

/// Factored attention: the cached (incremental, ring-buffer) path against the full masked
/// forward for every attention type the official priors use, and the full forward's per-group
/// masks against the reference's mask. (The kernels' own tests are JukeboxTensorTests' AttentionTests.)
struct PriorAttentionTests {
    static let (batch, length, width, state, heads, blocks) = (2, 48, 16, 8, 2, 6)

    static func random(_ shape: [Int], _ generator: inout SeededGenerator, scale: Float = 0.5) -> Tensor {
        let count = shape.reduce(1, *)
        return Tensor((0..<count).map { _ in Float.random(in: -scale...scale, using: &generator) }, shape: shape)
    }

    static func layer(_ type: AttentionType, seed: UInt64) -> FactoredAttention {
        var g = SeededGenerator(seed: seed)
        let decoder = type == .encoderDecoder
        let pattern = AttentionPattern(
            type: type, blockContext: length / blocks, primeKeyLength: type == .prime ? (13 / blocks + 1) * blocks : 0,
            encoderLength: decoder ? 5 : 0)
        return FactoredAttention(
            pattern: pattern, heads: heads, stateWidth: state,
            cAttn: PriorConv1D(
                weight: random([width, decoder ? state : 3 * state], &g),
                bias: random([decoder ? state : 3 * state], &g)),
            cEncKV: decoder ? PriorConv1D(weight: random([width, 2 * state], &g), bias: random([2 * state], &g)) : nil,
            cProj: PriorConv1D(weight: random([state, width], &g), bias: random([width], &g)))
    }

    @Test(arguments: [AttentionType.dense, .block, .transposeBlock, .previousBlock, .encoderDecoder, .prime])
    func cachedMatchesFullForward(_ type: AttentionType) throws {
        let attention = Self.layer(type, seed: UInt64(type.rawValue) + 10)
        var g = SeededGenerator(seed: 99)
        let x = Self.random([Self.batch, Self.length, Self.width], &g, scale: 2)  // (batch, length, width)
        let encoder = Self.random([Self.batch, 5, Self.width], &g, scale: 2)  // (batch, 5, width)
        let encoderKV = type == .encoderDecoder ? encoder : nil
        let full = attention(x, encoderKV: encoderKV).floats()  // (batch, length, width)
        // Uneven chunks, some crossing block boundaries (block_ctx 8).
        for chunks in [[1, 3, 7, 1, 10, 2, 24], Array(repeating: 1, count: Self.length), [Self.length]] {
            var cache = attention.makeCache(batch: Self.batch, sequenceLength: Self.length, encoderKV: encoderKV)
            let all = x.floats()
            var outputs = [[Float]](repeating: [], count: Self.batch)
            var start = 0
            for n in chunks {
                var rows: [Float] = []
                for b in 0..<Self.batch {
                    rows += all[((b * Self.length + start) * Self.width)..<((b * Self.length + start + n) * Self.width)]
                }
                let y = attention.step(
                    Tensor(rows, shape: [Self.batch, n, Self.width]), start: start, cache: &cache
                ).floats()
                for b in 0..<Self.batch { outputs[b] += y[(b * n * Self.width)..<((b + 1) * n * Self.width)] }
                start += n
            }
            let error = maxAbsDifference(outputs.flatMap { $0 }, full)
            #expect(error <= 1e-5, "type \(type.rawValue), chunks \(chunks.count): max error \(error)")
        }
    }

    @Test func previousBlockFirstBlockIsProjectionBias() throws {
        let attention = Self.layer(.previousBlock, seed: 3)
        var g = SeededGenerator(seed: 4)
        let x = Self.random([1, Self.length, Self.width], &g)
        let out = attention(x, encoderKV: nil).floats()
        let bias = attention.cProj.bias.floats()
        for p in 0..<(Self.length / Self.blocks) {
            #expect(Array(out[(p * Self.width)..<((p + 1) * Self.width)]) == bias)
        }
    }

    @Test func primeKeysIncludeTheFirstMusicBlockQuirk() {
        // 1b_lyrics: prime_len 384, 64 blocks -> 448 keys.
        let pattern = AttentionPattern(
            type: .prime, blockContext: 102, primeKeyLength: (384 / 64 + 1) * 64, encoderLength: 0)
        #expect(pattern.keys(forQuery: 6000) == KeySpan(first: 0, count: 448, stride: 1))
        #expect(pattern.keys(forQuery: 100) == KeySpan(first: 0, count: 101, stride: 1))
        let column = AttentionPattern(type: .transposeBlock, blockContext: 64, primeKeyLength: 0, encoderLength: 0)
        #expect(column.keys(forQuery: 200) == KeySpan(first: 8, count: 4, stride: 64))
    }

    /// The full forward hands the attention kernel a causal mask or none per query group; that
    /// must grant exactly the keys the reference's mask (`allows`) grants.
    @Test(arguments: [AttentionType.dense, .block, .transposeBlock, .previousBlock, .encoderDecoder, .prime])
    func groupMaskingMatchesReferenceMask(_ type: AttentionType) {
        for (length, blockContext, primeLength) in [(48, 8, 14), (24, 4, 28), (64, 16, 64)] {
            let pattern = AttentionPattern(
                type: type, blockContext: blockContext, primeKeyLength: type == .prime ? primeLength : 0,
                encoderLength: type == .encoderDecoder ? 5 : 0)
            for group in pattern.groups(length: length) {
                let masking = pattern.masking(group)
                for r in 0..<group.queries.count {
                    let p = group.queries.first + r * group.queries.stride
                    let seen = (0..<group.keys.count).filter { j in
                        pattern.allows(query: p, key: group.keys.first + j * group.keys.stride)
                    }
                    let visible = masking.visibleKeys(row: r, keyCount: group.keys.count)
                    #expect(seen == Array(0..<visible), "type \(type.rawValue), length \(length), query \(p)")
                }
            }
        }
    }
}
