// Port of jukebox/data/labels.py (get_relevant_lyric_tokens) @ 08efbbc

/// The lyric tokens a model window sees: `n_tokens` consecutive tokens of the song's full
/// token list, centred on the window's position in the song (a linear heuristic).
public struct LyricWindow: Sendable, Equatable {
    /// How the midpoint `int(n * (offset + duration / 2.0) / total_length)` is computed.
    ///
    /// The reference evaluates the same expression in two precisions: `Labeller.get_label`
    /// passes Python ints (float64), while `Labeller.set_y_lyric_tokens`, which `get_y` runs
    /// for every sampled window, passes 0-d int64 tensors and so computes in float32. The two
    /// occasionally pick windows one token apart; sampling must use ``float32``.
    public enum Arithmetic: Sendable, Equatable {
        /// Python float64, as when the labels are first built (`get_label`).
        case float64
        /// float32, one rounding per operation, as during windowed sampling (`get_y`).
        case float32
    }

    /// The window's token ids, `n_tokens` of them; 0 in front when the lyrics are shorter.
    public let tokens: [Int]
    /// For each token, its index in the full token list; -1 for padding.
    public let indices: [Int]

    /// Builds a window directly from its tokens and indices.
    public init(tokens: [Int], indices: [Int]) {
        self.tokens = tokens
        self.indices = indices
    }

    /// Cuts the window of `fullTokens` for a model window (`get_relevant_lyric_tokens`).
    ///
    /// Lyrics shorter than `count` are returned whole, left-padded with token 0 (index -1),
    /// whatever the offset. Otherwise the midpoint is
    /// `trunc(n * (offset + duration / 2) / totalLength)`, clamped to
    /// `[count / 2, n - count / 2]`, and the window is `fullTokens[mid - count/2 ..< mid + count/2]`.
    /// - Parameters:
    ///   - fullTokens: the song's cleaned lyric tokens (`full_tokens`).
    ///   - count: tokens per window (`n_tokens`), positive.
    ///   - totalLength: song length in raw samples.
    ///   - offset: window start in raw samples.
    ///   - duration: window length in raw samples (the prior's `sample_length`).
    ///   - arithmetic: the precision of the midpoint (see ``Arithmetic``).
    /// - Throws: ``TextError/invalidLyricWindow(reason:)`` when the lyrics are at least
    ///   `count` long and `offset` is outside `[0, totalLength)` (the reference's assert), or
    ///   `count` is odd (the reference would return `count - 1` tokens and assert).
    public static func select(
        fullTokens: [Int], count: Int, totalLength: Int, offset: Int, duration: Int, arithmetic: Arithmetic
    ) throws(TextError) -> LyricWindow {
        precondition(count > 0, "a lyric window needs a positive token count")
        let n = fullTokens.count
        if n < count {
            let padding = count - n
            return LyricWindow(
                tokens: [Int](repeating: 0, count: padding) + fullTokens,
                indices: [Int](repeating: -1, count: padding) + Array(0..<n))
        }
        guard offset >= 0 && offset < totalLength else {
            throw TextError.invalidLyricWindow(
                reason: "offset \(offset) is outside [0, total_length \(totalLength)); "
                    + "the window must start inside the song")
        }
        guard count % 2 == 0 else {
            throw TextError.invalidLyricWindow(reason: "n_tokens \(count) is odd; the reference only cuts even windows")
        }
        let half = count / 2
        let raw = midpoint(
            length: n, totalLength: totalLength, offset: offset, duration: duration, arithmetic: arithmetic)
        let mid = min(max(raw, half), n - half)
        return LyricWindow(
            tokens: Array(fullTokens[(mid - half)..<(mid + half)]), indices: Array((mid - half)..<(mid + half)))
    }

    /// `int(n * (offset + duration / 2.0) / total_length)` in the chosen precision, each
    /// operation rounded on its own (no fused multiply-add), truncated toward zero.
    static func midpoint(length n: Int, totalLength: Int, offset: Int, duration: Int, arithmetic: Arithmetic) -> Int {
        switch arithmetic {
        case .float64:
            let half = Double(duration) / 2.0
            let position = Double(offset) + half
            let scaled = Double(n) * position
            return Int((scaled / Double(totalLength)).rounded(.towardZero))
        case .float32:
            let half = Float(duration) / Float(2)
            let position = Float(offset) + half
            let scaled = Float(n) * position
            return Int((scaled / Float(totalLength)).rounded(.towardZero))
        }
    }
}
