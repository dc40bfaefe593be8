// Port of jukebox/transformer/transformer.py (Transformer.__init__, the attn_func table) @ 08efbbc

/// The attention pattern of one transformer layer (the reference's `attn_func` numbers).
public enum AttentionType: Int, Sendable, Codable, CaseIterable {
    /// 0: dense causal attention over every earlier position.
    case dense = 0
    /// 1: causal attention within the query's own block (row).
    case block = 1
    /// 2: attention to the same offset in every block so far (column).
    case transposeBlock = 2
    /// 3: attention to the whole previous block (zeros for the first block).
    case previousBlock = 3
    /// 4: the last position of each previous block (no official model uses it).
    case summary = 4
    /// 5: summary with spread (no official model uses it).
    case summarySpread = 5
    /// 6: encoder-decoder attention to the lyric encoder's states (5b_lyrics).
    case encoderDecoder = 6
    /// 7: attention to the lyric prefix of a merged sequence (1b_lyrics).
    case prime = 7
}

/// Which attention type each layer of a transformer uses.
public enum AttentionSchedule {
    /// The type of layer `layer` under schedule `attnOrder`, as the reference's table says.
    /// - Throws: `BundleError.invalidHyperparameters` for an order the reference does not define.
    public static func type(layer d: Int, attnOrder: Int) throws(BundleError) -> AttentionType {
        let raw: Int
        switch attnOrder {
        case 0: raw = 0
        case 1: raw = [1, 2][d % 2]
        case 2: raw = [1, 2, 3][d % 3]
        case 3: raw = [1, 4][d % 2]
        case 4: raw = [1, 5][d % 2]
        case 5: raw = [1, 4, 1, 1][d % 4]
        case 6: raw = [1, 2, 3, 6][d % 4]
        case 7: raw = d % 16 == 15 ? 6 : [1, 2, 3][d % 16 % 3]
        case 8: raw = [1, 2, 3, 1, 2, 3, 1, 2, 3, 6][d % 10]
        case 9: raw = [1, 2, 3, 0][d % 4]
        case 10:
            // Nine layers of (1, 2, 3), then seven groups of (1, 2, 3) x 3 followed by 6.
            let i = d % 79
            raw = i < 9 ? [1, 2, 3][i % 3] : ((i - 9) % 10 == 9 ? 6 : [1, 2, 3][(i - 9) % 10 % 3])
        case 11: raw = d % 16 == 15 ? [6, 6, 0][d % 3] : [1, 2, 3][d % 3]
        case 12: raw = d % 16 == 15 ? [7, 7, 0][d % 3] : [1, 2, 3][d % 3]
        default:
            throw BundleError.invalidHyperparameters(
                model: "transformer", field: "attn_order", reason: "\(attnOrder) is not one of the reference's 0...12")
        }
        return AttentionType(rawValue: raw)!
    }

    /// The types of layers `0..<depth`.
    public static func types(depth: Int, attnOrder: Int) throws(BundleError) -> [AttentionType] {
        var result: [AttentionType] = []
        for d in 0..<depth { result.append(try type(layer: d, attnOrder: attnOrder)) }
        return result
    }
}
