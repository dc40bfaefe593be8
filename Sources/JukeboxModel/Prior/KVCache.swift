// Port of jukebox/transformer/factored_attention.py (FactoredAttention.cache, _suff_cache_len) @ 08efbbc
import JukeboxTensor

/// How a sampling window's key/value caches store their rows.
public enum KeyValuePrecision: String, Sendable, Equatable, CaseIterable {
    /// float32, as the reference computes on the CPU (the golden cases and float32 bundles).
    case float32
    /// IEEE float16, the precision the reference samples in on a GPU: half the memory, and half
    /// the bytes a step's attention reads. Jobs on bundles with 16-bit matrices use it.
    case float16

    /// Bytes one cached value occupies.
    public var byteSize: Int { self == .float32 ? 4 : 2 }
}

/// Post-projection keys and values one attention layer keeps while sampling one window, in a
/// ring of `capacity` rows: position `p` lives in row `p % capacity` (type 7 keeps only the
/// positions below its capacity; type 6 holds the projected encoder states, filled once).
/// Rows are float32 (`keys`, `values`) or float16 bit patterns (`halfKeys`, `halfValues`),
/// after ``precision``; the other pair stays empty.
struct LayerCache: Sendable {
    let capacity: Int
    let width: Int  // n_state
    let batch: Int
    let precision: KeyValuePrecision
    var keys: [Float] = []  // (batch, capacity, width)
    var values: [Float] = []  // (batch, capacity, width)
    var halfKeys: [UInt16] = []  // (batch, capacity, width)
    var halfValues: [UInt16] = []  // (batch, capacity, width)

    init(batch: Int, capacity: Int, width: Int, precision: KeyValuePrecision = .float32) {
        self.batch = batch
        self.capacity = capacity
        self.width = width
        self.precision = precision
        let count = batch * capacity * width
        switch precision {
        case .float32:
            keys = [Float](repeating: 0, count: count)
            values = [Float](repeating: 0, count: count)
        case .float16:
            halfKeys = [UInt16](repeating: 0, count: count)
            halfValues = [UInt16](repeating: 0, count: count)
        }
    }

    /// Bytes the keys and values of a cache of these dimensions hold.
    static func bytes(batch: Int, capacity: Int, width: Int, precision: KeyValuePrecision) -> Int {
        2 * batch * capacity * width * precision.byteSize
    }

    /// Writes `count` floats from `keySource` and `valueSource` at element `offset` of the
    /// keys and the values, narrowed when the cache is 16-bit.
    mutating func store(
        keys keySource: UnsafePointer<Float>, values valueSource: UnsafePointer<Float>, at offset: Int, count: Int
    ) {
        switch precision {
        case .float32:
            keys.withUnsafeMutableBufferPointer { ($0.baseAddress! + offset).update(from: keySource, count: count) }
            values.withUnsafeMutableBufferPointer {
                ($0.baseAddress! + offset).update(from: valueSource, count: count)
            }
        case .float16:
            halfKeys.withUnsafeMutableBufferPointer {
                HalfFloat.narrowToFloat16(keySource, to: $0.baseAddress! + offset, count: count)
            }
            halfValues.withUnsafeMutableBufferPointer {
                HalfFloat.narrowToFloat16(valueSource, to: $0.baseAddress! + offset, count: count)
            }
        }
    }

    /// One head's attention of `query` over `count` cached rows `rowStride` values apart, the
    /// first at element `offset` of the keys and of the values (``attendOneQuery``).
    func attend(
        query: UnsafePointer<Float>, at offset: Int, count: Int, rowStride: Int, headDim: Int, scale: Float,
        scratch: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>
    ) {
        switch precision {
        case .float32:
            keys.withUnsafeBufferPointer { k in
                values.withUnsafeBufferPointer { v in
                    attendOneQuery(
                        query: query, keys: k.baseAddress! + offset, values: v.baseAddress! + offset, count: count,
                        rowStride: rowStride, headDim: headDim, scale: scale, scratch: scratch, output: output)
                }
            }
        case .float16:
            halfKeys.withUnsafeBufferPointer { k in
                halfValues.withUnsafeBufferPointer { v in
                    attendOneQuery(
                        query: query, float16Keys: k.baseAddress! + offset, values: v.baseAddress! + offset,
                        count: count, rowStride: rowStride, headDim: headDim, scale: scale, scratch: scratch,
                        output: output)
                }
            }
        }
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
