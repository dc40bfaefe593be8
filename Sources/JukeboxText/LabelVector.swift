// Port of jukebox/data/labels.py (Labeller.get_y_from_ids: the layout of y) @ 08efbbc

/// The label vector `y` of one batch item for one prior:
/// `[total_length, offset, sample_length, artist_id, genre ids (G slots, -1 padded),
/// lyric tokens (n_tokens)]`, int64, 4 + G + n_tokens values (9 for the upsamplers and 5b,
/// 521 for 5b_lyrics, 389 for 1b_lyrics). Lengths are in raw audio samples.
public struct LabelVector: Sendable, Equatable {
    /// Song length in raw samples.
    public var totalLength: Int
    /// Start of the window in raw samples.
    public var offset: Int
    /// Window length in raw samples (the prior's `sample_length`).
    public var sampleLength: Int
    /// Artist embedding row.
    public var artistID: Int
    /// Genre embedding rows, exactly G slots; unused slots are -1.
    public var genreIDs: [Int]
    /// Lyric token ids of the window, n_tokens of them (empty for priors without lyrics).
    public var lyricTokens: [Int]

    /// A vector from its parts; `genreIDs` must already be padded to the slot count.
    public init(totalLength: Int, offset: Int, sampleLength: Int, artistID: Int, genreIDs: [Int], lyricTokens: [Int]) {
        self.totalLength = totalLength
        self.offset = offset
        self.sampleLength = sampleLength
        self.artistID = artistID
        self.genreIDs = genreIDs
        self.lyricTokens = lyricTokens
    }

    /// Splits a flat vector with `genreSlots` genre slots; the rest are lyric tokens.
    /// - Precondition: `values` has at least `4 + genreSlots` entries.
    public init(values: [Int64], genreSlots: Int) {
        precondition(values.count >= 4 + genreSlots, "a label vector has 4 + genre slots values at least")
        let ints = values.map { Int($0) }
        self.init(
            totalLength: ints[0], offset: ints[1], sampleLength: ints[2], artistID: ints[3],
            genreIDs: Array(ints[4..<(4 + genreSlots)]), lyricTokens: Array(ints[(4 + genreSlots)...]))
    }

    /// The flat int64 vector the prior's conditioner reads, shape (4 + G + n_tokens).
    public var values: [Int64] {
        ([totalLength, offset, sampleLength, artistID] + genreIDs + lyricTokens).map { Int64($0) }
    }
}
