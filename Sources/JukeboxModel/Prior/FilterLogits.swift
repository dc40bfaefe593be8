// Port of jukebox/transformer/ops.py (filter_logits) @ 08efbbc
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Top-k or nucleus (top-p) filtering of one row of logits, as the reference's `filter_logits`:
/// removed entries become `-infinity`.
///
/// - top-k (`topK > 0`): every logit strictly below the k-th largest is removed (ties with it stay).
/// - top-p (`topP > 0`): sorted descending, the softmax's running sum is taken in float32; entries
///   after the first one whose running sum exceeds `topP` are removed (the top entry always stays).
///
/// - Parameters:
///   - logits: (vocab) logits, already divided by the temperature.
///   - topK: Keep the `topK` largest (0 = off; values above the vocabulary keep everything).
///   - topP: Nucleus mass in (0, 1] (0 = off).
/// - Returns: (vocab) filtered logits.
public func filterLogits(_ logits: [Float], topK: Int = 0, topP: Float = 0) -> [Float] {
    precondition(topK == 0 || topP == 0, "filterLogits: use top-k or top-p, not both")
    var out = logits
    let k = min(topK, logits.count)
    if k > 0 {
        let threshold = logits.sorted(by: >)[k - 1]
        for i in out.indices where out[i] < threshold { out[i] = -.infinity }
    }
    if topP > 0, !out.isEmpty {
        let order = out.indices.sorted { out[$0] > out[$1] || (out[$0] == out[$1] && $0 < $1) }
        let top = out[order[0]]
        var exps = order.map { exp(out[$0] - top) }  // sorted order
        let total = exps.reduce(Float(0), +)
        for i in exps.indices { exps[i] /= total }
        var running: Float = 0
        var remove = [Bool](repeating: false, count: order.count)
        for (rank, p) in exps.enumerated() {
            running += p
            if rank + 1 < remove.count { remove[rank + 1] = running > topP }
        }
        for (rank, index) in order.enumerated() where remove[rank] { out[index] = -.infinity }
    }
    return out
}

/// Draws an index from `softmax(logits)` (one row; `-infinity` entries are never drawn).
///
/// - Parameters:
///   - logits: (vocab) logits: finite, or `-infinity` for removed entries, with at least one finite.
///   - generator: The source of randomness.
/// - Returns: An index into `logits`.
/// - Throws: ``ModelError/nonFinite(detail:)`` when an entry is NaN or `+infinity`, or none is
///   finite (weights holding NaN, or a temperature so small that the logits overflow).
public func drawCategorical<G: RandomNumberGenerator>(_ logits: [Float], using generator: inout G) throws(ModelError)
    -> Int
{
    var top = -Float.infinity
    for value in logits {
        guard !value.isNaN, value != .infinity else { throw .nonFinite(detail: "the sampling logits") }
        top = max(top, value)
    }
    guard top.isFinite else { throw .nonFinite(detail: "the sampling logits (no finite entry)") }
    let weights = logits.map { $0 == -.infinity ? 0 : Double(exp($0 - top)) }
    let total = weights.reduce(0, +)
    let target = Double.random(in: 0..<1, using: &generator) * total
    var running = 0.0
    var last = 0
    for (i, w) in weights.enumerated() where w > 0 {
        running += w
        last = i
        if target < running { return i }
    }
    return last
}
