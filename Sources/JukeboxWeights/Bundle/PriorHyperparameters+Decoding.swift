extension PriorHyperparameters {
    /// Reads a prior's settings written with the reference's names. Fields left out take the
    /// reference's `DEFAULTS` (as `setup_hparams` fills them); `level`, `n_ctx`,
    /// `prior_width`, `prior_depth`, `heads`, `attn_order`, `blocks` and `y_bins` are required.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            level: try c.decode(Int.self, forKey: .level),
            nCtx: try c.decode(Int.self, forKey: .nCtx),
            priorWidth: try c.decode(Int.self, forKey: .priorWidth),
            priorDepth: try c.decode(Int.self, forKey: .priorDepth),
            heads: try c.decode(Int.self, forKey: .heads),
            attnOrder: try c.decode(Int.self, forKey: .attnOrder),
            blocks: try c.decode(Int.self, forKey: .blocks),
            yBins: try c.decode([Int].self, forKey: .yBins))
        func read<T: Decodable>(_ key: CodingKeys, _ field: inout T) throws {
            if let value = try c.decodeIfPresent(T.self, forKey: key) { field = value }
        }
        func readOptional<T: Decodable>(_ key: CodingKeys, _ field: inout T?) throws {
            field = try c.decodeIfPresent(T.self, forKey: key) ?? field
        }
        try read(.sr, &sr)
        try readOptional(.spread, &spread)
        try read(.mAttn, &mAttn)
        try read(.mMLP, &mMLP)
        try read(.zeroOut, &zeroOut)
        try read(.resScale, &resScale)
        try read(.posInit, &posInit)
        try read(.labels, &labels)
        try read(.labelsV3, &labelsV3)
        try read(.tBins, &tBins)
        try readOptional(.minDuration, &minDuration)
        try readOptional(.maxDuration, &maxDuration)
        try read(.maxBowGenreSize, &maxBowGenreSize)
        try read(.useTokens, &useTokens)
        try read(.nTokens, &nTokens)
        try read(.nVocab, &nVocab)
        try readOptional(.primeWidth, &primeWidth)
        try readOptional(.primeDepth, &primeDepth)
        try readOptional(.primeHeads, &primeHeads)
        try readOptional(.primeAttnOrder, &primeAttnOrder)
        try readOptional(.primeBlocks, &primeBlocks)
        try readOptional(.primeSpread, &primeSpread)
        try read(.primeMAttn, &primeMAttn)
        try read(.primeMMLP, &primeMMLP)
        try read(.primeZeroOut, &primeZeroOut)
        try read(.primeResScale, &primeResScale)
        try read(.primePosInit, &primePosInit)
        try readOptional(.condWidth, &condWidth)
        try readOptional(.condDepth, &condDepth)
        try read(.condMConv, &condMConv)
        try readOptional(.condDilationGrowthRate, &condDilationGrowthRate)
        try readOptional(.condDilationCycle, &condDilationCycle)
        try read(.condZeroOut, &condZeroOut)
        try read(.condResScale, &condResScale)
        try read(.condCRes, &condCRes)
        try read(.mergedDecoder, &mergedDecoder)
        try read(.singleEncDec, &singleEncDec)
        try read(.copyInput, &copyInput)
        try read(.fp16Params, &fp16Params)
        try readOptional(.alignmentLayer, &alignmentLayer)
        try readOptional(.alignmentHead, &alignmentHead)
    }
}
