import Testing

@testable import JukeboxTensor

/// The attention kernels against their naive twin, on strided operands as the priors lay them out
/// (the block, column, previous-block, encoder and prime groups), and the masking edge cases.
@Suite struct AttentionTests {
    /// One group: sizes, extra floats between rows of each operand, and the mask.
    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var rows: Int, keyCount: Int, headDim: Int
        var queryPad = 0, keyPad = 0, outputPad = 0
        var masking: AttentionMasking
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(
            label: "dense", rows: 17, keyCount: 17, headDim: 8, queryPad: 16, keyPad: 8, outputPad: 8,
            masking: .causal(queryFirst: 0, queryStride: 1, keyFirst: 0, keyStride: 1)),
        Case(
            label: "block 3 of size 12", rows: 12, keyCount: 12, headDim: 16, queryPad: 32, keyPad: 32,
            masking: .causal(queryFirst: 36, queryStride: 1, keyFirst: 36, keyStride: 1)),
        Case(
            label: "column 3 of block size 8", rows: 6, keyCount: 6, headDim: 8, queryPad: 56, keyPad: 56,
            outputPad: 56, masking: .causal(queryFirst: 3, queryStride: 8, keyFirst: 3, keyStride: 8)),
        Case(label: "previous block", rows: 10, keyCount: 10, headDim: 4, queryPad: 8, keyPad: 8, masking: .none),
        Case(label: "encoder-decoder", rows: 33, keyCount: 5, headDim: 64, keyPad: 64, masking: .none),
        Case(
            label: "prime keys shorter than the queries", rows: 40, keyCount: 14, headDim: 8, queryPad: 16,
            keyPad: 16, masking: .causal(queryFirst: 0, queryStride: 1, keyFirst: 0, keyStride: 1)),
        Case(
            label: "two chunks of queries", rows: attentionRowChunk + 44, keyCount: 37, headDim: 8, queryPad: 3,
            keyPad: 5, outputPad: 1, masking: .causal(queryFirst: 0, queryStride: 1, keyFirst: 0, keyStride: 1)),
        Case(
            label: "queries before every key, then one key", rows: 8, keyCount: 6, headDim: 8,
            masking: .causal(queryFirst: 0, queryStride: 1, keyFirst: 5, keyStride: 1)),
        Case(
            label: "keys sparser than queries", rows: 9, keyCount: 4, headDim: 3,
            masking: .causal(queryFirst: 2, queryStride: 1, keyFirst: 0, keyStride: 3)),
        Case(label: "one key, head size 1", rows: 3, keyCount: 1, headDim: 1, masking: .none),
        Case(label: "no queries", rows: 0, keyCount: 4, headDim: 8, masking: .none),
        Case(label: "no keys", rows: 5, keyCount: 0, headDim: 8, outputPad: 2, masking: .none),
    ]

    /// Floats the kernel must not write: the gaps between output rows start as this.
    static let untouched: Float = 12345

    /// Lays the contiguous operands out with the case's row strides, runs ``attendQueries`` and
    /// returns its `(rows, headDim)` output; expects every gap float to be left alone.
    static func runKernel(_ c: Case, queries: Tensor, keys: Tensor, values: Tensor, scale: Float) -> Tensor {
        let hd = c.headDim
        let (qStride, kStride, oStride) = (hd + c.queryPad, hd + c.keyPad, hd + c.outputPad)
        func strided(_ t: Tensor, rows: Int, stride: Int) -> [Float] {
            var laid = [Float](repeating: -7, count: rows * stride)
            let flat = t.floats()
            for r in 0..<rows { for i in 0..<hd { laid[r * stride + i] = flat[r * hd + i] } }
            return laid
        }
        let q = strided(queries, rows: c.rows, stride: qStride)  // (rows, qStride)
        let k = strided(keys, rows: c.keyCount, stride: kStride)  // (keyCount, kStride)
        let v = strided(values, rows: c.keyCount, stride: kStride)  // (keyCount, kStride)
        var out = [Float](repeating: untouched, count: max(c.rows * oStride, 1))  // (rows, oStride)
        var scratch = [Float](repeating: .nan, count: max(attentionScratchCount(rows: c.rows, keyCount: c.keyCount), 1))
        scratch.withUnsafeMutableBufferPointer { w in
            attendQueries(
                queries: q, queryRowStride: qStride, rows: c.rows, keys: k, values: v, keyRowStride: kStride,
                keyCount: c.keyCount, headDim: hd, scale: scale, masking: c.masking, scratch: w, output: &out,
                outputRowStride: oStride)
        }
        var result: [Float] = []
        for r in 0..<c.rows {
            result += out[(r * oStride)..<(r * oStride + hd)]
            #expect(out[(r * oStride + hd)..<((r + 1) * oStride)].allSatisfy { $0 == untouched }, "\(c.label)")
        }
        return Tensor(result, shape: [c.rows, hd])
    }

    @Test(arguments: cases)
    func groupKernelMatchesNaiveTwin(_ c: Case) {
        var generator = SeededGenerator(seed: UInt64(c.rows * 131 + c.keyCount * 7 + c.headDim))
        let queries = randomTensor([c.rows, c.headDim], in: -2...2, using: &generator)
        let keys = randomTensor([c.keyCount, c.headDim], in: -2...2, using: &generator)
        let values = randomTensor([c.keyCount, c.headDim], using: &generator)
        let scale = 1 / Float(c.headDim).squareRoot()
        let actual = Self.runKernel(c, queries: queries, keys: keys, values: values, scale: scale)
        let expected = Naive.attention(queries: queries, keys: keys, values: values, scale: scale, masking: c.masking)
        expectClose(actual, expected, absolute: 2e-6, relative: 2e-5, c.label)
    }

    /// As in the reference, a query that sees no key (all logits -1e9) averages every value, and a
    /// query that sees one key copies its value.
    @Test func maskingEdgeRows() {
        let c = Self.cases.first { $0.label == "queries before every key, then one key" }!
        var generator = SeededGenerator(seed: 31)
        let queries = randomTensor([c.rows, c.headDim], in: -2...2, using: &generator)
        let keys = randomTensor([c.keyCount, c.headDim], in: -2...2, using: &generator)
        let values = randomTensor([c.keyCount, c.headDim], using: &generator)
        let out = Self.runKernel(c, queries: queries, keys: keys, values: values, scale: 0.5).floats()
        let v = values.floats()
        for i in 0..<c.headDim {
            let mean = (0..<c.keyCount).map { v[$0 * c.headDim + i] }.reduce(0, +) / Float(c.keyCount)
            for r in 0..<5 { #expect(abs(out[r * c.headDim + i] - mean) < 2e-6, "row \(r) sees no key") }
            #expect(out[5 * c.headDim + i] == v[i], "row 5 sees key 0 only")
        }
    }

    @Test func visibleKeysOfCausalMasks() {
        let column = AttentionMasking.causal(queryFirst: 3, queryStride: 8, keyFirst: 3, keyStride: 8)
        #expect((0..<4).map { column.visibleKeys(row: $0, keyCount: 4) } == [1, 2, 3, 4])
        let late = AttentionMasking.causal(queryFirst: 0, queryStride: 1, keyFirst: 5, keyStride: 1)
        #expect((0..<8).map { late.visibleKeys(row: $0, keyCount: 6) } == [0, 0, 0, 0, 0, 1, 2, 3])
        let sparse = AttentionMasking.causal(queryFirst: 2, queryStride: 1, keyFirst: 0, keyStride: 3)
        #expect((0..<9).map { sparse.visibleKeys(row: $0, keyCount: 4) } == [1, 2, 2, 2, 3, 3, 3, 4, 4])
        #expect(AttentionMasking.none.visibleKeys(row: 9, keyCount: 4) == 4)
    }

    @Test(arguments: [(11, 6, 15), (1, 1, 1), (40, 16, 16), (300, 64, 200)])
    func oneQueryKernelMatchesNaiveTwin(count: Int, headDim: Int, stride: Int) {
        var generator = SeededGenerator(seed: UInt64(5 + count))
        let keys = (0..<(count * stride)).map { _ in Float.random(in: -2...2, using: &generator) }
        let values = (0..<(count * stride)).map { _ in Float.random(in: -2...2, using: &generator) }
        let query = (0..<headDim).map { _ in Float.random(in: -2...2, using: &generator) }
        var scratch = [Float](repeating: 0, count: count)
        var out = [Float](repeating: 0, count: headDim)
        attendOneQuery(
            query: query, keys: keys, values: values, count: count, rowStride: stride, headDim: headDim, scale: 0.4,
            scratch: &scratch, output: &out)
        func rows(_ strided: [Float]) -> Tensor {
            Tensor((0..<count).flatMap { strided[($0 * stride)..<($0 * stride + headDim)] }, shape: [count, headDim])
        }
        let expected = Naive.attention(
            queries: Tensor(query, shape: [1, headDim]), keys: rows(keys), values: rows(values), scale: 0.4,
            masking: .none)
        expectClose(Tensor(out, shape: [1, headDim]), expected, absolute: 1e-5, relative: 1e-5, "\(count) keys")
    }
}
