// Port of jukebox/data/labels.py (Labeller) and jukebox/prior/prior.py (SimplePrior.get_y) @ 08efbbc

import JukeboxWeights

/// Builds and checks the label vectors of one prior: artist and genre ids, the lyric window
/// and the timing values, as `Labeller` and `SimplePrior.get_y` do.
///
/// Where the reference asserts (or fails later inside an embedding), this port throws
/// ``TextError`` with the values and limits involved.
public struct Labeller: Sendable {
    /// A song's labels: the vector of its first window plus what later windows need.
    public struct Label: Sendable, Equatable {
        /// The label vector built with the song's offset (`get_label`, float64 lyric window).
        public var vector: LabelVector
        /// The cleaned lyrics.
        public var lyrics: String
        /// The full lyric token list (`full_tokens`), from which every window is cut.
        public var fullTokens: [Int]

        /// A song's labels from their parts.
        public init(vector: LabelVector, lyrics: String, fullTokens: [Int]) {
            self.vector = vector
            self.lyrics = lyrics
            self.fullTokens = fullTokens
        }
    }

    /// The names a label vector stands for (`describe_label`).
    public struct Description: Sendable, Equatable {
        /// Artist name(s) of the artist id.
        public var artist: String
        /// Genre name(s) of the genre ids.
        public var genre: String
        /// Text of the lyric tokens (padding decodes to nothing).
        public var lyrics: String

        /// A description from its parts.
        public init(artist: String, genre: String, lyrics: String) {
            self.artist = artist
            self.genre = genre
            self.lyrics = lyrics
        }
    }

    /// The prior whose labels these are.
    public let prior: PriorHyperparameters
    /// Artist and genre tables of the prior's label version.
    public let lookup: LabelLookup
    /// Lyric cleaning and tokenising of the prior's label version.
    public let cleaner: LyricCleaner
    /// Window length in raw samples (`sample_length = n_ctx * raw_to_tokens`).
    public let sampleLength: Int

    /// A labeller for `prior` with the tables of `labels`.
    /// - Parameters:
    ///   - prior: the prior's hyper-parameters (`n_tokens`, `max_bow_genre_size`, `y_bins`,
    ///     `n_vocab`, `min_duration`, `max_duration`, `sr`, `level`).
    ///   - labels: the label set of the prior's version (v3 for 1b_lyrics, else v2).
    ///   - sampleLength: the prior's window in raw samples, a multiple of `n_ctx`
    ///     (e.g. 1,048,576 for the 5b tops).
    /// - Throws: ``TextError/mismatchedLabels(reason:)`` when the prior has no labels, the
    ///   versions or vocabulary sizes differ, a top prior lacks its duration range, or the
    ///   window length is not a positive multiple of `n_ctx`.
    public init(prior: PriorHyperparameters, labels: LabelSet, sampleLength: Int) throws(TextError) {
        guard prior.labels else { throw TextError.mismatchedLabels(reason: "this prior is not conditioned on labels") }
        guard labels.version == prior.labelVersion else {
            throw TextError.mismatchedLabels(
                reason: "the prior uses v\(prior.labelVersion) labels, the set is v\(labels.version)")
        }
        let vocabulary = LyricVocabulary(labels: labels)
        guard prior.nTokens == 0 || vocabulary.size == prior.nVocab else {
            throw TextError.mismatchedLabels(
                reason: "the lyric vocabulary has \(vocabulary.size) tokens, the prior expects n_vocab \(prior.nVocab)")
        }
        guard sampleLength > 0 && sampleLength % prior.nCtx == 0 else {
            throw TextError.mismatchedLabels(
                reason: "sample_length \(sampleLength) is not a positive multiple of n_ctx \(prior.nCtx)")
        }
        if !prior.hasUpperLevel && (prior.minDuration == nil || prior.maxDuration == nil) {
            throw TextError.mismatchedLabels(reason: "a top prior needs min_duration and max_duration")
        }
        self.prior = prior
        self.lookup = LabelLookup(labels: labels)
        self.cleaner = LyricCleaner(vocabulary: vocabulary)
        self.sampleLength = sampleLength
    }

    /// Genre slots in the vector (`max_bow_genre_size`: 5 in v2, 1 in v3).
    public var genreSlots: Int { prior.maxBowGenreSize }
    /// Lyric tokens per window (`n_tokens`; 0 for priors without lyrics).
    public var lyricTokenCount: Int { prior.nTokens }
    /// Raw samples per music token at this prior's level.
    public var rawToTokens: Int { sampleLength / prior.nCtx }

    /// The labels of a song (`Labeller.get_label`): names looked up, lyrics cleaned and
    /// tokenised, the lyric window cut with float64 arithmetic as the reference does here.
    /// - Parameters:
    ///   - artist, genre: names as the user gives them.
    ///   - lyrics: raw lyrics (any Unicode; see ``LyricCleaner``).
    ///   - totalLength: song length in raw samples.
    ///   - offset: start of the first window in raw samples.
    ///   - unknown: whether names missing from the tables are errors (default) or id 0.
    /// - Throws: the lookup errors of ``LabelLookup``; ``TextError/tooManyGenreWords(name:words:limit:)``;
    ///   the range errors of ``vector(artistID:genreIDs:lyricTokens:totalLength:offset:)``.
    public func label(
        artist: String, genre: String, lyrics: String, totalLength: Int, offset: Int,
        unknown: LabelLookup.UnknownNames = .reject
    ) throws(TextError) -> Label {
        let words = LabelNormalisation.genreKeys(genre, version: lookup.version)
        guard words.count <= genreSlots else {
            throw TextError.tooManyGenreWords(name: genre, words: words, limit: genreSlots)
        }
        let artistID = try lookup.artistID(artist, unknown: unknown)
        let genreIDs = try lookup.genreIDs(genre, unknown: unknown)
        let cleaned = cleaner.clean(lyrics)
        let fullTokens = cleaner.tokens(ofCleaned: cleaned)
        try checkTiming(totalLength: totalLength, offset: offset)
        var tokens: [Int] = []
        if lyricTokenCount > 0 {
            tokens = try LyricWindow.select(
                fullTokens: fullTokens, count: lyricTokenCount, totalLength: totalLength, offset: offset,
                duration: sampleLength, arithmetic: .float64
            ).tokens
        }
        let vector = try vector(
            artistID: artistID, genreIDs: genreIDs, lyricTokens: tokens, totalLength: totalLength, offset: offset)
        return Label(vector: vector, lyrics: cleaned, fullTokens: fullTokens)
    }

    /// A label vector from ids (`Labeller.get_y_from_ids`), checked against this prior.
    /// - Parameters:
    ///   - artistID: artist embedding row, in `0 ..< y_bins[1]`.
    ///   - genreIDs: at most G genre rows, each in `0 ..< y_bins[0]` or -1; padded with -1.
    ///   - lyricTokens: exactly `n_tokens` token ids in `0 ..< n_vocab`; ignored (as in the
    ///     reference) when the prior has no lyrics.
    ///   - totalLength: song length in raw samples; for a top prior inside
    ///     `[min_duration * sr, max_duration * sr)`.
    ///   - offset: window start in raw samples, in `[0, totalLength)`.
    /// - Returns: the vector, `4 + G + n_tokens` values.
    /// - Throws: ``TextError/invalidLabel(field:reason:)`` naming the first bad value.
    public func vector(
        artistID: Int, genreIDs: [Int], lyricTokens: [Int], totalLength: Int, offset: Int
    ) throws(TextError) -> LabelVector {
        guard genreIDs.count <= genreSlots else {
            throw TextError.invalidLabel(
                field: "genre_ids", reason: "\(genreIDs.count) ids for \(genreSlots) slot(s) (max_bow_genre_size)")
        }
        let genreRows = prior.yBins[0]
        let artistRows = prior.yBins[1]
        guard artistID >= 0 && artistID < artistRows else {
            throw TextError.invalidLabel(
                field: "artist_id", reason: "\(artistID) is outside the table's 0..<\(artistRows)")
        }
        if let bad = genreIDs.first(where: { $0 < -1 || $0 >= genreRows }) {
            throw TextError.invalidLabel(
                field: "genre_ids", reason: "\(bad) is outside the table's 0..<\(genreRows) (or -1 for an empty slot)")
        }
        var tokens: [Int] = []
        if lyricTokenCount > 0 {
            guard lyricTokens.count == lyricTokenCount else {
                throw TextError.invalidLabel(
                    field: "lyric_tokens",
                    reason: "\(lyricTokens.count) tokens, the prior takes n_tokens \(lyricTokenCount)")
            }
            if let bad = lyricTokens.first(where: { $0 < 0 || $0 >= prior.nVocab }) {
                throw TextError.invalidLabel(
                    field: "lyric_tokens", reason: "\(bad) is outside 0..<\(prior.nVocab) (n_vocab)")
            }
            tokens = lyricTokens
        }
        try checkTiming(totalLength: totalLength, offset: offset)
        let padded = genreIDs + [Int](repeating: -1, count: genreSlots - genreIDs.count)
        return LabelVector(
            totalLength: totalLength, offset: offset, sampleLength: sampleLength, artistID: artistID,
            genreIDs: padded, lyricTokens: tokens)
    }

    /// The vector of the model window starting at music token `startToken` of this level
    /// (`SimplePrior.get_y` then `Labeller.set_y_lyric_tokens`): offset moved by
    /// `startToken * rawToTokens`, window length set, and the lyric window recut with
    /// float32 arithmetic, as the reference does during sampling.
    /// - Throws: the range errors of ``vector(artistID:genreIDs:lyricTokens:totalLength:offset:)``.
    public func windowVector(of label: Label, startToken: Int) throws(TextError) -> LabelVector {
        var vector = label.vector
        vector.offset += startToken * rawToTokens
        vector.sampleLength = sampleLength
        try checkTiming(totalLength: vector.totalLength, offset: vector.offset)
        if lyricTokenCount > 0 {
            vector.lyricTokens = try LyricWindow.select(
                fullTokens: label.fullTokens, count: lyricTokenCount, totalLength: vector.totalLength,
                offset: vector.offset, duration: sampleLength, arithmetic: .float32
            ).tokens
        }
        return vector
    }

    /// The names and lyrics a vector stands for (`Labeller.describe_label`).
    /// - Throws: ``TextError/invalidLabel(field:reason:)`` for a vector of the wrong length;
    ///   the reverse-lookup errors of ``LabelLookup``; ``TextError/invalidLyricToken(token:vocabularySize:)``.
    public func describe(_ vector: LabelVector) throws(TextError) -> Description {
        guard vector.genreIDs.count == genreSlots && vector.lyricTokens.count == lyricTokenCount else {
            throw TextError.invalidLabel(
                field: "y",
                reason: "expected \(genreSlots) genre slots and \(lyricTokenCount) lyric tokens, got "
                    + "\(vector.genreIDs.count) and \(vector.lyricTokens.count)")
        }
        return Description(
            artist: try lookup.artistName(id: vector.artistID),
            genre: try lookup.genreName(ids: vector.genreIDs),
            lyrics: try cleaner.vocabulary.detokenise(vector.lyricTokens))
    }
}
