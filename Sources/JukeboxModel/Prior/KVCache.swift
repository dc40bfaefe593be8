// Port of jukebox/transformer/factored_attention.py (FactoredAttention.cache, _suff_cache_len) @ 08efbbc
import JukeboxTensor

/// Post-projection keys and values one attention layer keeps while sampling one window, in a
/// ring of `capacity` rows: position `p` lives in row `p % capacity` (type 7 keeps only the
/// positions below its capacity; type 6 holds the projected encoder states, filled once).
struct LayerCache: Sendable {
    let capacity: Int
    let width: Int  // n_state
    let batch: Int
    var keys: [Float]  // (batch, capacity, width)
    var values: [Float]  // (batch, capacity, width)

    init(batch: Int, capacity: Int, width: Int) {
        self.batch = batch
        self.capacity = capacity
        self.width = width
        keys = [Float](repeating: 0, count: batch * capacity * width)
        values = [Float](repeating: 0, count: batch * capacity * width)
    }
}

/// Per-job state of incremental sampling inside one window: one cache per transformer layer,
/// preallocated from the batch size and the sequence length, and the number of positions fed.
/// Make a fresh one for every window (the reference resets its caches after each window).
struct TransformerCache: Sendable {
    var layers: [LayerCache]
    /// Positions fed so far (the next position to feed).
    var length: Int
    /// Batch rows this cache was made for.
    let batch: Int
}
