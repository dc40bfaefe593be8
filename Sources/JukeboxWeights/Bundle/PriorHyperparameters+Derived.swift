extension PriorHyperparameters {
    /// Attention width `int(m_attn * width)` (`n_state`).
    public var attentionWidth: Int { Int(mAttn * Double(priorWidth)) }
    /// MLP hidden width `int(m_mlp * width)` (equal to the width in every official prior).
    public var mlpWidth: Int { Int(mMLP * Double(priorWidth)) }
    /// Whether this prior conditions on the codes of the level above (upsamplers).
    public var hasUpperLevel: Bool { level < 2 }
    /// Whether the lyrics enter through a separate encoder (5b_lyrics).
    public var hasLyricEncoder: Bool { useTokens && !singleEncDec }
    /// Transformer sequence length: lyric tokens then music tokens for 1b_lyrics, else `n_ctx`.
    public var transformerLength: Int { singleEncDec ? nTokens + nCtx : nCtx }
    /// Positions per attention block (`block_ctx = seq_len / blocks`).
    public var blockContext: Int { transformerLength / blocks }
    /// The label set this prior's ids come from.
    public var labelVersion: Int { labelsV3 ? 3 : 2 }

    /// Checks the values make a buildable prior.
    /// - Throws: `BundleError.invalidHyperparameters` naming the first bad field.
    public func validate() throws(BundleError) {
        let model = "prior level \(level)"
        func check(_ ok: Bool, _ field: String, _ why: String) throws(BundleError) {
            if !ok { throw BundleError.invalidHyperparameters(model: model, field: field, reason: why) }
        }
        try check(sr > 0, "sr", "must be positive")
        try check((0...2).contains(level), "level", "must be 0, 1 or 2")
        try check(nCtx > 0, "n_ctx", "must be positive")
        try check(priorWidth > 0, "prior_width", "must be positive")
        try check(priorDepth > 0, "prior_depth", "must be positive")
        try check(heads > 0, "heads", "must be positive")
        try check(attentionWidth % heads == 0, "heads", "must divide the attention width \(attentionWidth)")
        try check(
            blocks > 0 && transformerLength % blocks == 0, "blocks",
            "must divide the sequence length \(transformerLength)")
        try check(yBins.count == 2 && yBins.allSatisfy { $0 > 0 }, "y_bins", "must be [genres, artists], both positive")
        try check(tBins > 0, "t_bins", "must be positive")
        try check(maxBowGenreSize >= 1, "max_bow_genre_size", "must be at least 1")
        try check(!useTokens || nTokens > 0, "n_tokens", "must be positive when use_tokens is true")
        try check(nVocab > 0, "n_vocab", "must be positive")
        if level == 2 && labels {
            try check(
                minDuration != nil && maxDuration != nil, "min_duration",
                "a top prior needs min_duration and max_duration for its timing embedding")
            if let minDuration, let maxDuration {
                try check(minDuration >= 0 && maxDuration > minDuration, "max_duration", "must exceed min_duration")
            }
        }
        if hasLyricEncoder {
            try check(
                [primeWidth, primeDepth, primeHeads, primeAttnOrder, primeBlocks].allSatisfy { ($0 ?? 0) > 0 },
                "prime_width",
                "a lyric encoder needs prime_width, prime_depth, prime_heads, prime_attn_order, prime_blocks")
        }
        if hasUpperLevel {
            try check(
                [condWidth, condDepth, condDilationGrowthRate].allSatisfy { ($0 ?? 0) > 0 },
                "cond_width", "an upsampler needs cond_width, cond_depth and cond_dilation_growth_rate")
        }
    }
}
