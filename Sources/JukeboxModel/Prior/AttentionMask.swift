// Port of jukebox/transformer/factored_attention.py (get_mask, FactoredAttention key sets) @ 08efbbc
import JukeboxTensor
import JukeboxWeights

/// Keys of one query: positions `first, first + stride, ...` (`count` of them).
struct KeySpan: Equatable, Sendable {
    var first: Int
    var count: Int
    var stride: Int
}

/// Queries that share one key set in the full forward (the reference's reshaping of the
/// sequence into blocks): positions of the queries and of their keys (encoder positions for type 6).
struct AttentionGroup: Equatable, Sendable {
    var queries: KeySpan
    var keys: KeySpan
}

/// Which keys each query position of one attention layer sees, for the full (masked) forward
/// and for incremental sampling alike. Positions count from 0 in the transformer sequence.
struct AttentionPattern: Sendable {
    let type: AttentionType
    /// Positions per block (`block_ctx = n_ctx / blocks`).
    let blockContext: Int
    /// Keys of the prime layers: `(prime_len // blocks + 1) * blocks` (type 7 only, else 0).
    let primeKeyLength: Int
    /// Encoder positions (type 6 only, else 0).
    let encoderLength: Int

    /// The keys of query `p`; `nil` for the first block of a previous-block layer, whose keys and
    /// values are a block of zeros (the attention output is exactly zero there).
    func keys(forQuery p: Int) -> KeySpan? {
        let bc = blockContext
        switch type {
        case .dense: return KeySpan(first: 0, count: p + 1, stride: 1)
        case .block: return KeySpan(first: p / bc * bc, count: p % bc + 1, stride: 1)
        case .transposeBlock: return KeySpan(first: p % bc, count: p / bc + 1, stride: bc)
        case .previousBlock:
            let block = p / bc
            return block == 0 ? nil : KeySpan(first: (block - 1) * bc, count: bc, stride: 1)
        case .encoderDecoder: return KeySpan(first: 0, count: encoderLength, stride: 1)
        case .prime: return KeySpan(first: 0, count: min(p, primeKeyLength - 1) + 1, stride: 1)
        case .summary, .summarySpread: preconditionFailure("attention type \(type) is not supported")
        }
    }

    /// The full forward's mask: whether query `p` may attend to key `k` (an encoder position for
    /// type 6). For type 3 the first block's queries see zero keys instead (see ``keys(forQuery:)``).
    func allows(query p: Int, key k: Int) -> Bool {
        let bc = blockContext
        switch type {
        case .dense: return k <= p
        case .block: return k / bc == p / bc && k <= p
        case .transposeBlock: return k % bc == p % bc && k <= p
        case .previousBlock: return k / bc == p / bc - 1
        case .encoderDecoder: return true
        case .prime: return k < primeKeyLength && k <= p
        case .summary, .summarySpread: return false
        }
    }

    /// The full forward's mask of one of ``groups(length:)``, as ``attendQueries`` takes it: the
    /// keys of a group are ones ``allows(query:key:)`` may grant, so only `k <= p` is left to test
    /// (types 0, 1, 2 and 7), or nothing (types 3 and 6).
    func masking(_ group: AttentionGroup) -> AttentionMasking {
        switch type {
        case .dense, .block, .transposeBlock, .prime:
            return .causal(
                queryFirst: group.queries.first, queryStride: group.queries.stride, keyFirst: group.keys.first,
                keyStride: group.keys.stride)
        case .previousBlock, .encoderDecoder: return .none
        case .summary, .summarySpread: preconditionFailure("attention type \(type) is not supported")
        }
    }

    /// The full forward's query groups over a sequence of `length` positions (a multiple of the
    /// block size). Queries in no group (the first block of type 3) get a zero attention output.
    func groups(length: Int) -> [AttentionGroup] {
        let bc = blockContext
        let all = KeySpan(first: 0, count: length, stride: 1)
        switch type {
        case .dense: return [AttentionGroup(queries: all, keys: all)]
        case .block:
            return (0..<(length / bc)).map { b in
                let span = KeySpan(first: b * bc, count: bc, stride: 1)
                return AttentionGroup(queries: span, keys: span)
            }
        case .transposeBlock:
            return (0..<bc).map { c in
                let span = KeySpan(first: c, count: length / bc, stride: bc)
                return AttentionGroup(queries: span, keys: span)
            }
        case .previousBlock:
            return (1..<max(1, length / bc)).map { b in
                AttentionGroup(
                    queries: KeySpan(first: b * bc, count: bc, stride: 1),
                    keys: KeySpan(first: (b - 1) * bc, count: bc, stride: 1))
            }
        case .encoderDecoder:
            return [AttentionGroup(queries: all, keys: KeySpan(first: 0, count: encoderLength, stride: 1))]
        case .prime:
            return [
                AttentionGroup(queries: all, keys: KeySpan(first: 0, count: min(primeKeyLength, length), stride: 1))
            ]
        case .summary, .summarySpread: preconditionFailure("attention type \(type) is not supported")
        }
    }

    /// Rows a per-layer cache keeps: the current block (type 1), the previous and current blocks
    /// (type 3), the prime prefix (type 7), the encoder (type 6), else the whole sequence.
    func cacheCapacity(sequenceLength: Int) -> Int {
        switch type {
        case .block: return blockContext
        case .previousBlock: return 2 * blockContext
        case .prime: return min(primeKeyLength, sequenceLength)
        case .encoderDecoder: return encoderLength
        default: return sequenceLength
        }
    }
}
