import Testing

@testable import JukeboxTensor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite struct ActivationsTests {
    @Test func quickGELUKnownValues() {
        let y = quickGELU(Tensor([0, 1, -1, 100, -100], shape: [5])).floats()
        #expect(y[0] == 0)
        #expect(abs(y[1] - Float(1 / (1 + exp(-1.702)))) < 1e-6)  // 0.8458
        #expect(abs(y[2] - Float(-1 / (1 + exp(1.702)))) < 1e-6)  // -0.1542
        #expect(y[3] == 100)
        #expect(abs(y[4]) < 1e-30)
    }

    @Test func reluKeepsNaNAndZeroesNegatives() {
        let y = relu(Tensor([-2, -0.0, 0, 3, .nan, -.infinity, .infinity], shape: [7])).floats()
        #expect(Array(y[0..<4]) == [0, 0, 0, 3])
        #expect(y[4].isNaN)
        #expect(y[5] == 0 && y[6] == .infinity)
    }

    @Test func geluKnownValues() {
        let y = gelu(Tensor([0, 1, -1], shape: [3])).floats()
        #expect(y[0] == 0)
        #expect(abs(y[1] - 0.841_344_7) < 1e-6)
        #expect(abs(y[2] + 0.158_655_3) < 1e-6)
    }

    @Test(arguments: [[1], [7], [3, 17], [33, 33], [5, 1001]])
    func matchNaive(shape: [Int]) {
        var generator = SeededGenerator(seed: UInt64(70 + shape.reduce(1, *)))
        let x = randomTensor(shape, in: -8...8, using: &generator)
        expectClose(quickGELU(x), Naive.quickGELU(x), absolute: 1e-6, relative: 1e-6, "quickGELU \(shape)")
        expectClose(relu(x), Naive.relu(x), absolute: 0, relative: 0, "relu \(shape)")
        expectClose(gelu(x), Naive.gelu(x), absolute: 1e-6, relative: 1e-6, "gelu \(shape)")
    }

    @Test func inPlaceVariantsDoNotTouchSharedCopies() {
        let x = Tensor([-1, 2], shape: [2])
        var y = x
        relu(inPlace: &y)
        #expect(x.floats() == [-1, 2])
        #expect(y.floats() == [0, 2])
        quickGELU(inPlace: &y)
        #expect(y.floats()[0] == 0)
    }

    @Test func vectorExpIsAccurateAcrossTheFloatRange() {
        var worstRelative = 0.0
        var x: Float = -87
        while x < 88.7 {
            let lanes = VectorMath.Vector((0..<8).map { x + Float($0) * 0.001 })
            let y = VectorMath.exp(lanes)
            for lane in 0..<8 {
                let expected = exp(Double(lanes[lane]))
                worstRelative = max(worstRelative, abs(Double(y[lane]) - expected) / expected)
            }
            x += 0.0371
        }
        #expect(worstRelative < 3e-7, "largest relative error \(worstRelative)")
        let specials = VectorMath.exp(VectorMath.Vector([0, -.infinity, .infinity, .nan, -1e9, 89, -110, -100]))
        #expect(specials[0] == 1)
        #expect(specials[1] == 0)
        #expect(specials[2] == .infinity)
        #expect(specials[3].isNaN)
        #expect(specials[4] == 0)
        #expect(specials[5] == .infinity)
        #expect(specials[6] == 0)
        #expect(abs(Double(specials[7]) - exp(-100.0)) < 1e-45)  // subnormal result
    }
}
