// Port of jukebox/vqvae/bottleneck.py (BottleneckBlock.quantise / dequantise) @ 08efbbc
import JukeboxTensor

/// One level's codebook: nearest-code search and lookup.
struct BottleneckBlock: Sendable {
    let codebook: Tensor  // (bins, emb)
    let codebookNorms: [Float]  // sum(k_j^2) per code

    init(_ store: WeightStore, level: Int, bins: Int, emb: Int) throws {
        codebook = try store.tensor("bottleneck.level_blocks.\(level).k", shape: [bins, emb])
        codebookNorms = codebook.floats().chunked(emb).map { row in row.reduce(0) { $0 + $1 * $1 } }
    }

    /// Codes of `x` (batch, emb, time) -> (batch, time), as the reference computes them:
    /// `argmin_j (sum(x^2) - 2 x.k_j + sum(k_j^2))` with the distances formed by one matrix
    /// product, ties to the lowest index.
    func encode(_ x: Tensor) -> [[Int]] {
        let (batch, emb, time) = (x.shape[0], x.shape[1], x.shape[2])
        let bins = codebook.shape[0]
        var codes: [[Int]] = []
        for b in 0..<batch {
            let rows = transposeLastTwo(x.slice(b..<(b + 1)).reshaped([emb, time]))  // (time, emb)
            let dots = matmul(rows, codebook, transposeB: true)  // (time, bins)
            let rowValues = rows.floats()
            let dotValues = dots.floats()
            var item: [Int] = []
            item.reserveCapacity(time)
            for t in 0..<time {
                var norm: Float = 0
                for c in 0..<emb { norm += rowValues[t * emb + c] * rowValues[t * emb + c] }
                var best = 0
                var bestDistance = Float.infinity
                for j in 0..<bins {
                    let distance = (norm - 2 * dotValues[t * bins + j]) + codebookNorms[j]
                    if distance < bestDistance {
                        bestDistance = distance
                        best = j
                    }
                }
                item.append(best)
            }
            codes.append(item)
        }
        return codes
    }

    /// Code vectors of `codes` (batch, time) -> (batch, emb, time).
    func decode(_ codes: [[Int]]) throws -> Tensor {
        let emb = codebook.shape[1]
        let time = codes.first?.count ?? 0
        var values: [Float] = []
        values.reserveCapacity(codes.count * emb * time)
        for row in codes {
            guard row.count == time else { throw ModelError.invalidInput(reason: "codes of unequal length") }
            guard row.allSatisfy({ (0..<codebook.shape[0]).contains($0) }) else {
                throw ModelError.invalidInput(reason: "a code is outside the codebook's \(codebook.shape[0]) entries")
            }
            let vectors = try embedding(codebook, ids: row)  // (time, emb)
            values += transposeLastTwo(vectors).floats()  // (emb, time)
        }
        return Tensor(values, shape: [codes.count, emb, time])
    }
}

extension Array where Element == Float {
    /// Rows of `width` elements.
    func chunked(_ width: Int) -> [ArraySlice<Float>] {
        stride(from: 0, to: count, by: width).map { self[$0..<Swift.min($0 + width, count)] }
    }
}
