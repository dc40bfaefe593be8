// Plain-loop twin of the attention kernels.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Naive {
    /// Twin of ``attendQueries`` and, with one query and ``AttentionMasking/none``, of
    /// ``attendOneQuery(query:keys:values:count:rowStride:headDim:scale:scratch:output:)``:
    /// `softmax(mask(scale * Q K^T)) V` with masked logits `-1e9`, every sum in `Double`.
    ///
    /// - Parameters:
    ///   - queries: `(rows, headDim)`.
    ///   - keys: `(keyCount, headDim)`.
    ///   - values: `(keyCount, headDim)`.
    ///   - scale: Factor on `q . k` before the mask.
    ///   - masking: Which keys each query row sees, tested key by key.
    /// - Returns: `(rows, headDim)`; zero rows when there are no keys.
    public static func attention(
        queries: Tensor, keys: Tensor, values: Tensor, scale: Float, masking: AttentionMasking
    ) -> Tensor {
        let (rows, headDim, keyCount) = (queries.shape[0], queries.shape[1], keys.shape[0])
        let (q, k, v) = (queries.floats(), keys.floats(), values.floats())
        var out = [Float](repeating: 0, count: rows * headDim)
        guard keyCount > 0 else { return Tensor(out, shape: [rows, headDim]) }
        for r in 0..<rows {
            var logits = [Double](repeating: 0, count: keyCount)
            for j in 0..<keyCount {
                var total = 0.0
                for c in 0..<headDim { total += Double(q[r * headDim + c]) * Double(k[j * headDim + c]) }
                logits[j] = sees(masking, row: r, key: j) ? total * Double(scale) : -1e9
            }
            let top = logits.max()!
            let exps = logits.map { exp($0 - top) }
            let sum = exps.reduce(0, +)
            for c in 0..<headDim {
                var total = 0.0
                for j in 0..<keyCount { total += exps[j] / sum * Double(v[j * headDim + c]) }
                out[r * headDim + c] = Float(total)
            }
        }
        return Tensor(out, shape: [rows, headDim])
    }

    /// Whether query row `row` sees key `key` under `masking`, from the positions themselves.
    private static func sees(_ masking: AttentionMasking, row: Int, key: Int) -> Bool {
        switch masking {
        case .none: return true
        case .causal(let queryFirst, let queryStride, let keyFirst, let keyStride):
            return keyFirst + key * keyStride <= queryFirst + row * queryStride
        }
    }
}
