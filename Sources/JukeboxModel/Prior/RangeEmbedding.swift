// Port of jukebox/prior/conditioners.py (RangeEmbedding) @ 08efbbc
import Foundation
import JukeboxTensor

/// Embeds an interval `[start, end)` of a quantity in `[pos_min, pos_max)` as `n_time` bins, all
/// in float32 op by op as the reference does. Key `<prefix>.emb.weight` (bins, width).
struct RangeEmbedding: Sendable {
    let table: Tensor  // (bins, width)
    let positions: Int  // n_time
    let bins: Int
    let minimum: Double  // pos_min
    let maximum: Double  // pos_max
    let clamp: Bool

    init(
        _ store: WeightStore, _ prefix: String, positions: Int, bins: Int, range: (Double, Double), width: Int,
        clamp: Bool = false
    ) throws {
        table = try store.tensor("\(prefix).emb.weight", shape: [bins, width]).converted(to: .float32)
        self.positions = positions
        self.bins = bins
        (minimum, maximum) = range
        self.clamp = clamp
    }

    /// From a table already in memory: `table` (bins, width).
    init(table: Tensor, positions: Int, range: (Double, Double), clamp: Bool = false) {
        self.table = table
        self.positions = positions
        bins = table.shape[0]
        (minimum, maximum) = range
        self.clamp = clamp
    }

    /// The bin of each of the `n_time` positions of `[start, end)` (`end` ignored when n_time is 1).
    /// - Throws: `ModelError.invalidInput` when `start` lies outside `[pos_min, pos_max)` or `end`
    ///   (after clamping) outside `[pos_min, pos_max]`, compared in float32 as the reference asserts.
    func bins(start: Float, end: Float) throws -> [Int] {
        guard start >= Float(minimum) && start < Float(maximum) else {
            throw ModelError.invalidInput(reason: "timing value \(start) outside [\(minimum), \(maximum))")
        }
        var end = end
        if clamp { end = min(max(end, Float(minimum)), Float(maximum)) }
        if positions != 1 {
            guard end >= Float(minimum) && end <= Float(maximum) else {
                throw ModelError.invalidInput(reason: "timing end \(end) outside [\(minimum), \(maximum)]")
            }
        }
        let low = Float(minimum)
        let span = Float(maximum - minimum)
        let scale = Float(bins)
        return (0..<positions).map { i in
            var position = start
            if positions != 1 {
                let fraction = Float(i) / Float(positions)
                let delta = end - start
                let step = delta * fraction
                position = start + step
            }
            let normalised = (position - low) / span
            let scaled = scale * normalised
            return Int(scaled.rounded(.down))
        }
    }

    /// Rows of the table for `bins` -> (bins.count, width).
    /// - Throws: `ModelError.invalidInput` for a bin outside the table.
    func embed(_ bins: [Int]) throws -> Tensor {
        guard bins.allSatisfy({ (0..<self.bins).contains($0) }) else {
            throw ModelError.invalidInput(reason: "timing bin outside 0..<\(self.bins): \(bins)")
        }
        return try embedding(table, ids: bins)
    }
}
