import Testing

@testable import JukeboxTensor

/// The AVX-512 BF16 path of `linear` for bfloat16 weights (`Linear+BF16Dot.swift`): against a
/// float64 product of the bfloat16-rounded activations and weights, against the widening path,
/// and for 1 and 2 compute threads. Skipped on CPUs without AVX-512 BF16.
@Suite struct BF16DotTests {
    /// (rows, nIn, nOut): rows up to 8 take the few-rows kernels, more the packed micro-kernel;
    /// odd nIn leaves a lone k in a pair, nOut off multiples of 16 and 32 exercises the masked
    /// tails, and 4100 outputs a 129-block row.
    static let shapes: [(Int, Int, Int)] = [
        (1, 1, 1), (1, 37, 101), (2, 7, 5), (3, 101, 33), (3, 64, 4100), (8, 100, 97), (9, 37, 101),
        (33, 130, 65), (128, 67, 48), (1, 3, 4100),
    ]

    /// `y[r, c] = sum_k bf16(x[r, k]) * w[k, c] (+ b[c])` in float64, and `sum_k |x w|` beside it.
    private func reference(_ x: Tensor, _ weight: Tensor, _ bias: Tensor?, layout: WeightLayout)
        -> (y: [Double], scale: [Double])
    {
        let rows = x.count / x.size(-1)
        let nIn = x.size(-1)
        let nOut = weight.count / nIn
        let xs = x.floats().map { Double(HalfFloat.float(fromBFloat16Bits: HalfFloat.bfloat16Bits(from: $0))) }
        let ws = weight.converted(to: .float32).floats().map(Double.init)
        let bs = bias?.floats().map(Double.init)
        var y = [Double](repeating: 0, count: rows * nOut)
        var scale = y
        for r in 0..<rows {
            for c in 0..<nOut {
                var sum = bs?[c] ?? 0
                var magnitude = abs(sum)
                for k in 0..<nIn {
                    let w = layout == .inputMajor ? ws[k * nOut + c] : ws[c * nIn + k]
                    sum += xs[r * nIn + k] * w
                    magnitude += abs(xs[r * nIn + k] * w)
                }
                y[r * nOut + c] = sum
                scale[r * nOut + c] = magnitude
            }
        }
        return (y, scale)
    }

    /// Every element within `1e-5 * sum_k |x w|` of the float64 reference: float32 sums of up to
    /// 130 products are bounded by 130 * 2^-24 = 7.7e-6 of it (vdpbf16ps also flushes denormals).
    @Test(.enabled(if: BF16Dot.isSupported), arguments: shapes)
    func matchesFloat64ReferenceOfRoundedInputs(rows: Int, nIn: Int, nOut: Int) {
        var generator = SeededGenerator(seed: UInt64(rows * 10_000 + nIn * 100 + nOut))
        let x = randomTensor([rows, nIn], using: &generator)
        for layout in [WeightLayout.inputMajor, .outputMajor] {
            let weight = randomTensor(layout == .inputMajor ? [nIn, nOut] : [nOut, nIn], using: &generator)
                .converted(to: .bfloat16)
            let bias = randomTensor([nOut], using: &generator)
            for b in [bias, nil] as [Tensor?] {
                let y = linear(
                    x, weight: weight, bias: b, layout: layout, pieceFloats: linearPieceFloats, bf16Dot: true
                )
                .floats()
                let (expected, scale) = reference(x, weight, b, layout: layout)
                var worst = 0.0
                for i in 0..<y.count { worst = max(worst, abs(Double(y[i]) - expected[i]) / max(scale[i], 1e-30)) }
                #expect(
                    worst <= 1e-5, "\(rows)x\(nIn)->\(nOut) \(layout) bias \(b != nil): worst \(worst) of sum |x w|")
            }
        }
    }

    /// The dot-product path and the widening path differ only by the activations' rounding to
    /// bfloat16: at most 2^-8 of `sum_k |x w|` (2^-9 per activation, doubled for float32 sums).
    @Test(.enabled(if: BF16Dot.isSupported), arguments: shapes)
    func agreesWithTheWideningPath(rows: Int, nIn: Int, nOut: Int) {
        var generator = SeededGenerator(seed: UInt64(rows * 7 + nIn * 3 + nOut))
        let x = randomTensor([rows, nIn], using: &generator)
        for layout in [WeightLayout.inputMajor, .outputMajor] {
            let weight = randomTensor(layout == .inputMajor ? [nIn, nOut] : [nOut, nIn], using: &generator)
                .converted(to: .bfloat16)
            let bias = randomTensor([nOut], using: &generator)
            let fast = linear(
                x, weight: weight, bias: bias, layout: layout, pieceFloats: linearPieceFloats, bf16Dot: true)
            let widened = linear(
                x, weight: weight, bias: bias, layout: layout, pieceFloats: linearPieceFloats, bf16Dot: false)
            let (_, scale) = reference(x, weight, bias, layout: layout)
            let (a, b) = (fast.floats(), widened.floats())
            var worst = 0.0
            for i in 0..<a.count { worst = max(worst, abs(Double(a[i]) - Double(b[i])) / max(scale[i], 1e-30)) }
            #expect(worst <= 1.0 / 256, "\(rows)x\(nIn)->\(nOut) \(layout): worst \(worst) of sum |x w|")
        }
    }

    /// Slices, blocks and output ranges are fixed by the shapes, so 1 and 2 threads give the
    /// same bits.
    @Test(.enabled(if: BF16Dot.isSupported), arguments: [(3, 1920, 1920), (8, 101, 4100), (128, 67, 300)])
    func identicalForOneAndTwoThreads(rows: Int, nIn: Int, nOut: Int) {
        var generator = SeededGenerator(seed: UInt64(nIn + nOut))
        let x = randomTensor([rows, nIn], using: &generator)
        let before = ComputeThreads.count
        defer { ComputeThreads.configure(threads: before) }
        for layout in [WeightLayout.inputMajor, .outputMajor] {
            let weight = randomTensor(layout == .inputMajor ? [nIn, nOut] : [nOut, nIn], using: &generator)
                .converted(to: .bfloat16)
            var results: [[Float]] = []
            for threads in [1, 2] {
                ComputeThreads.configure(threads: threads)
                results.append(
                    linear(x, weight: weight, bias: nil, layout: layout, pieceFloats: linearPieceFloats, bf16Dot: true)
                        .floats())
            }
            #expect(results[0] == results[1], "\(rows)x\(nIn)->\(nOut) \(layout)")
        }
    }

    @Test func environmentTurnsThePathOff() {
        #expect(!BF16Dot.turnedOff(environment: { _ in nil }))
        #expect(BF16Dot.turnedOff(environment: { $0 == "JUKEBOXD_BF16_DOT" ? "off" : nil }))
        #expect(BF16Dot.turnedOff(environment: { $0 == "JUKEBOXD_VECTOR" ? "portable" : nil }))
        #expect(!BF16Dot.turnedOff(environment: { $0 == "JUKEBOXD_VECTOR" ? "avx2" : nil }))
    }

    /// `float16` and `float32` weights never take the dot-product path: bit for bit what the
    /// widening kernels give.
    @Test func otherWeightTypesUnchanged() {
        var generator = SeededGenerator(seed: 5)
        let x = randomTensor([3, 37], using: &generator)
        let weight = randomTensor([37, 50], using: &generator)
        for w in [weight, weight.converted(to: .float16)] {
            let on = linear(x, weight: w, bias: nil, layout: .inputMajor, pieceFloats: linearPieceFloats, bf16Dot: true)
            let off = linear(
                x, weight: w, bias: nil, layout: .inputMajor, pieceFloats: linearPieceFloats, bf16Dot: false)
            #expect(on.floats() == off.floats())
        }
    }
}
