// Plain-loop twins of the normalisation, activation, lookup and elementwise kernels.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Naive {
    /// Twin of ``layerNorm(_:weight:bias:eps:)`` (mean and biased variance in `Double`).
    public static func layerNorm(_ x: Tensor, weight: Tensor?, bias: Tensor?, eps: Float = 1e-5) -> Tensor {
        let channels = x.size(-1)
        let rows = Tensor.elementCount(Array(x.shape.dropLast()))
        let (xv, wv, bv) = (x.floats(), weight?.floats(), bias?.floats())
        var out = [Float](repeating: 0, count: xv.count)
        for r in 0..<rows {
            let row = xv[(r * channels)..<((r + 1) * channels)].map { Double($0) }
            let mean = row.reduce(0, +) / Double(channels)
            let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(channels)
            for c in 0..<channels {
                let normalised = (row[c] - mean) / (variance + Double(eps)).squareRoot()
                out[r * channels + c] = Float(normalised * Double(wv?[c] ?? 1) + Double(bv?[c] ?? 0))
            }
        }
        return Tensor(out, shape: x.shape)
    }

    /// Twin of ``quickGELU(_:)``: `x * sigmoid(1.702 x)` in `Double`.
    public static func quickGELU(_ x: Tensor) -> Tensor {
        Tensor(x.floats().map { v in Float(Double(v) / (1 + exp(-1.702 * Double(v)))) }, shape: x.shape)
    }

    /// Twin of ``relu(_:)``.
    public static func relu(_ x: Tensor) -> Tensor {
        Tensor(x.floats().map { v in v < 0 ? 0 : v }, shape: x.shape)
    }

    /// Twin of ``gelu(_:)``: `x (1 + erf(x / sqrt 2)) / 2` in `Double`.
    public static func gelu(_ x: Tensor) -> Tensor {
        Tensor(
            x.floats().map { v in Float(0.5 * Double(v) * (1 + erf(Double(v) / 2.0.squareRoot()))) },
            shape: x.shape)
    }

    /// Twin of ``softmax(_:)``.
    public static func softmax(_ x: Tensor) -> Tensor {
        let columns = x.size(-1)
        let rows = Tensor.elementCount(Array(x.shape.dropLast()))
        let xv = x.floats()
        var out = [Float](repeating: 0, count: xv.count)
        for r in 0..<rows {
            let row = xv[(r * columns)..<((r + 1) * columns)]
            let maximum = Double(row.max() ?? 0)
            let exps = row.map { exp(Double($0) - maximum) }
            let total = exps.reduce(0, +)
            for c in 0..<columns { out[r * columns + c] = Float(exps[c] / total) }
        }
        return Tensor(out, shape: x.shape)
    }

    /// Twin of ``embedding(_:ids:)`` (traps on an id outside the table instead of throwing).
    public static func embedding(_ table: Tensor, ids: [Int]) -> Tensor {
        let dim = table.shape[1]
        let values = table.floats()
        var out: [Float] = []
        for id in ids { out += values[(id * dim)..<((id + 1) * dim)] }
        return Tensor(out, shape: [ids.count, dim])
    }

    /// Twin of ``add(_:_:)``.
    public static func add(_ a: Tensor, _ b: Tensor) -> Tensor {
        Tensor(zip(a.floats(), b.floats()).map { $0 + $1 }, shape: a.shape)
    }

    /// Twin of ``multiply(_:_:)``.
    public static func multiply(_ a: Tensor, _ b: Tensor) -> Tensor {
        Tensor(zip(a.floats(), b.floats()).map { $0 * $1 }, shape: a.shape)
    }

    /// Twin of ``scale(_:by:)``.
    public static func scale(_ x: Tensor, by factor: Float) -> Tensor {
        Tensor(x.floats().map { $0 * factor }, shape: x.shape)
    }

    /// Twin of ``addChannelBias(_:_:)`` for `(batch, channels, time)`.
    public static func addChannelBias(_ x: Tensor, _ bias: Tensor) -> Tensor {
        let (channels, length) = (x.shape[1], x.shape[2])
        let b = bias.floats()
        let out = x.floats().enumerated().map { index, v in v + b[(index / length) % channels] }
        return Tensor(out, shape: x.shape)
    }

    /// Twin of ``addBias(_:_:)`` for `(..., channels)`.
    public static func addBias(_ x: Tensor, _ bias: Tensor) -> Tensor {
        let b = bias.floats()
        return Tensor(x.floats().enumerated().map { index, v in v + b[index % b.count] }, shape: x.shape)
    }

    /// Twin of ``transposeLastTwo(_:)``.
    public static func transposeLastTwo(_ x: Tensor) -> Tensor {
        let (rows, columns) = (x.size(-2), x.size(-1))
        let batch = Tensor.elementCount(Array(x.shape.dropLast(2)))
        let xv = x.floats()
        var out = [Float](repeating: 0, count: xv.count)
        for b in 0..<batch {
            for r in 0..<rows {
                for c in 0..<columns {
                    out[b * rows * columns + c * rows + r] = xv[b * rows * columns + r * columns + c]
                }
            }
        }
        return Tensor(out, shape: Array(x.shape.dropLast(2)) + [columns, rows])
    }
}
