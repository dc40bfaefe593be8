// Shared helpers for the kernel tests: a seeded generator, random tensors and a tolerance check
// that reports the largest difference.
import Testing

@testable import JukeboxTensor

/// SplitMix64: small, fast and reproducible across platforms.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A `float32` tensor of uniform values in `range`.
func randomTensor(_ shape: [Int], in range: ClosedRange<Float> = -1...1, using generator: inout SeededGenerator)
    -> Tensor
{
    let count = shape.reduce(1, *)
    return Tensor((0..<count).map { _ in Float.random(in: range, using: &generator) }, shape: shape)
}

/// Largest absolute difference between two tensors of the same shape and where it occurs.
func largestDifference(_ actual: Tensor, _ expected: Tensor) -> (difference: Float, index: Int) {
    let (a, e) = (actual.floats(), expected.floats())
    var worst: Float = 0
    var worstIndex = -1
    for i in 0..<min(a.count, e.count) {
        let d = abs(a[i] - e[i])
        if d > worst || (d.isNaN && !worst.isNaN) {
            worst = d
            worstIndex = i
        }
    }
    return (worst, worstIndex)
}

/// Expects `actual` to match `expected` in shape and, elementwise, within
/// `absolute + relative * |expected|`; the failure message names the largest difference.
func expectClose(
    _ actual: Tensor, _ expected: Tensor, absolute: Float = 1e-5, relative: Float = 1e-5, _ label: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(
        actual.shape == expected.shape, "\(label): shape \(actual.shape) vs \(expected.shape)",
        sourceLocation: sourceLocation)
    guard actual.shape == expected.shape else { return }
    let (a, e) = (actual.floats(), expected.floats())
    var failures = 0
    for i in 0..<a.count where !(abs(a[i] - e[i]) <= absolute + relative * abs(e[i])) {
        failures += 1
    }
    let (worst, index) = largestDifference(actual, expected)
    let pair = index >= 0 ? "(\(a[index]) vs \(e[index]))" : ""
    #expect(
        failures == 0,
        "\(label): \(failures) of \(a.count) out of tolerance; largest difference \(worst) at \(index) \(pair)",
        sourceLocation: sourceLocation)
}
