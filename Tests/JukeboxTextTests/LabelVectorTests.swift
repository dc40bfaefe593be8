import JukeboxTestSupport
import JukeboxText
import JukeboxWeights
import Testing

@Suite struct LabelVectorTests {
    static let sr = 44_100

    /// The pipeline's 5b_lyrics top prior (n_tokens 32, 5 genre slots, 23.8 ... 600 s) and its tables.
    static func top() throws -> Labeller {
        try Labeller(
            prior: try Golden.pipelinePrior("prior_5b_lyrics"), labels: try Golden.pipelineLabels(version: 2),
            sampleLength: 8192)
    }

    static func field(_ error: TextError?) -> String? {
        if case .invalidLabel(let field, _) = error { return field }
        return nil
    }

    @Test func layoutAndPadding() throws {
        let labeller = try Self.top()
        let tokens = [Int](repeating: 27, count: 32)
        let vector = try labeller.vector(
            artistID: 2, genreIDs: [2, 5], lyricTokens: tokens, totalLength: 60 * Self.sr, offset: 0)
        #expect(vector.values.count == 4 + 5 + 32)
        #expect(Array(vector.values.prefix(9)) == [2_646_000, 0, 8192, 2, 2, 5, -1, -1, -1])
        #expect(LabelVector(values: vector.values, genreSlots: 5) == vector)
    }

    @Test func upsamplersHaveNoLyricsAndNoTimingRange() throws {
        let labeller = try Labeller(
            prior: try Golden.pipelinePrior("upsampler_level_0"), labels: try Golden.pipelineLabels(version: 2),
            sampleLength: 1024)
        // Lyric tokens are ignored as in the reference; a 1-second song is fine below the top level.
        let vector = try labeller.vector(
            artistID: 1, genreIDs: [], lyricTokens: [1, 2, 3], totalLength: Self.sr, offset: 100)
        #expect(vector.values == [44_100, 100, 1024, 1, -1, -1, -1, -1, -1])
    }

    @Test func totalLengthInSecondsIsRefusedForTopPriors() throws {
        let labeller = try Self.top()
        let error = textError {
            try labeller.label(artist: "Alan Jackson", genre: "Country", lyrics: "", totalLength: 180, offset: 0)
        }
        #expect(Self.field(error) == "total_length")
        #expect(error?.description.contains("samples") == true)
        #expect(
            Self.field(
                textError {
                    try labeller.label(
                        artist: "Alan Jackson", genre: "Country", lyrics: "", totalLength: 600 * Self.sr, offset: 0)
                }) == "total_length")
        // 23.8 s is the first length inside the range.
        #expect(throws: Never.self) {
            try labeller.label(artist: "Alan Jackson", genre: "Country", lyrics: "", totalLength: 1_049_580, offset: 0)
        }
    }

    @Test func offsetMustStartInsideTheSong() throws {
        let labeller = try Self.top()
        for offset in [-1, 60 * Self.sr, 60 * Self.sr + 1] {
            #expect(
                Self.field(
                    textError {
                        try labeller.label(
                            artist: "Alan Jackson", genre: "Country", lyrics: "la", totalLength: 60 * Self.sr,
                            offset: offset)
                    }) == "offset", "offset \(offset)")
        }
    }

    @Test func windowMustEndBeforeMaxDuration() throws {
        let labeller = try Self.top()
        let total = 26_459_000  // under 600 s; 600 s - 1 sample rounds to 600 s in float32
        #expect(
            Self.field(
                textError {
                    try labeller.label(
                        artist: "Alan Jackson", genre: "Country", lyrics: "", totalLength: 600 * Self.sr - 1, offset: 0)
                }) == "total_length")
        #expect(
            Self.field(
                textError {
                    try labeller.label(
                        artist: "Alan Jackson", genre: "Country", lyrics: "", totalLength: total, offset: total - 100)
                }) == "offset")
        #expect(throws: Never.self) {
            try labeller.label(
                artist: "Alan Jackson", genre: "Country", lyrics: "", totalLength: total, offset: total - 8193)
        }
    }

    @Test func idsAndTokensMustFitTheTables() throws {
        let labeller = try Self.top()  // y_bins [12, 13], n_vocab 80
        let tokens = [Int](repeating: 1, count: 32)
        let total = 60 * Self.sr
        #expect(
            Self.field(
                textError {
                    try labeller.vector(artistID: 13, genreIDs: [], lyricTokens: tokens, totalLength: total, offset: 0)
                }) == "artist_id")
        #expect(
            Self.field(
                textError {
                    try labeller.vector(artistID: -1, genreIDs: [], lyricTokens: tokens, totalLength: total, offset: 0)
                }) == "artist_id")
        #expect(
            Self.field(
                textError {
                    try labeller.vector(artistID: 1, genreIDs: [12], lyricTokens: tokens, totalLength: total, offset: 0)
                }) == "genre_ids")
        #expect(
            Self.field(
                textError {
                    try labeller.vector(artistID: 1, genreIDs: [-2], lyricTokens: tokens, totalLength: total, offset: 0)
                }) == "genre_ids")
        #expect(
            Self.field(
                textError {
                    try labeller.vector(
                        artistID: 1, genreIDs: [1, 2, 3, 4, 5, 6], lyricTokens: tokens, totalLength: total, offset: 0)
                }) == "genre_ids")
        #expect(
            Self.field(
                textError {
                    try labeller.vector(artistID: 1, genreIDs: [1], lyricTokens: [1, 2], totalLength: total, offset: 0)
                }) == "lyric_tokens")
        #expect(
            Self.field(
                textError {
                    try labeller.vector(
                        artistID: 1, genreIDs: [1], lyricTokens: tokens.dropLast() + [80], totalLength: total, offset: 0
                    )
                }) == "lyric_tokens")
    }

    @Test func genreWithMoreWordsThanSlotsIsRefused() throws {
        let labeller = try Self.top()
        let error = textError {
            try labeller.label(
                artist: "Alan Jackson", genre: "Blues Rock Pop Jazz Soul Reggae", lyrics: "", totalLength: 60 * Self.sr,
                offset: 0)
        }
        #expect(
            error
                == .tooManyGenreWords(
                    name: "Blues Rock Pop Jazz Soul Reggae", words: ["blues", "rock", "pop", "jazz", "soul", "reggae"],
                    limit: 5))
    }

    @Test func unknownNamesAreRefusedUnlessAskedForTheReferenceFallback() throws {
        let labeller = try Self.top()
        let error = textError {
            try labeller.label(
                artist: "Somebody Unknown", genre: "Reggae", lyrics: "", totalLength: 60 * Self.sr, offset: 0)
        }
        guard case .unknownArtist = error else {
            Issue.record("\(String(describing: error))")
            return
        }
        let label = try labeller.label(
            artist: "Somebody Unknown", genre: "Reggae", lyrics: "", totalLength: 60 * Self.sr, offset: 0,
            unknown: .useUnknownID)
        #expect(label.vector.artistID == 0)
        #expect(label.vector.genreIDs == [11, -1, -1, -1, -1])
    }

    @Test func shortAndEmptyLyricsArePadded() throws {
        let labeller = try Self.top()
        let empty = try labeller.label(
            artist: "Alan Jackson", genre: "Country", lyrics: "", totalLength: 60 * Self.sr, offset: 0)
        #expect(empty.vector.lyricTokens == [Int](repeating: 0, count: 32))
        #expect(empty.fullTokens.isEmpty)
        let short = try labeller.label(
            artist: "Alan Jackson", genre: "Country", lyrics: "Hi!", totalLength: 60 * Self.sr, offset: 0)
        #expect(short.vector.lyricTokens == [Int](repeating: 0, count: 29) + [8, 35, 67])
        #expect(
            try labeller.describe(short.vector)
                == Labeller.Description(artist: "alan_jackson", genre: "country", lyrics: "Hi!"))
    }

    @Test func windowsMoveThroughLongLyrics() throws {
        let labeller = try Self.top()
        let lyrics = (1...200).map { "line \($0)" }.joined(separator: "\n")
        let total = 120 * Self.sr
        let label = try labeller.label(
            artist: "Alan Jackson", genre: "Country", lyrics: lyrics, totalLength: total, offset: 0)
        let lastStart = (total - 8192) / labeller.rawToTokens
        let late = try labeller.windowVector(of: label, startToken: lastStart)
        #expect(late.offset == lastStart * 128)
        #expect(late.sampleLength == 8192)
        #expect(late.lyricTokens == Array(label.fullTokens.suffix(32)))
        #expect(label.vector.lyricTokens == Array(label.fullTokens.prefix(32)))
        #expect(
            Self.field(textError { try labeller.windowVector(of: label, startToken: total / labeller.rawToTokens + 1) })
                == "offset")
    }

    @Test func labellerRefusesMismatchedSettings() throws {
        let prior = try Golden.pipelinePrior("prior_1b_lyrics")
        let v2 = try Golden.pipelineLabels(version: 2)
        guard case .mismatchedLabels = textError({ try Labeller(prior: prior, labels: v2, sampleLength: 6144) }) else {
            Issue.record("a v3 prior accepted v2 labels")
            return
        }
        let v3 = try Golden.pipelineLabels(version: 3)
        guard case .mismatchedLabels = textError({ try Labeller(prior: prior, labels: v3, sampleLength: 6001) }) else {
            Issue.record("a window that is not a multiple of n_ctx was accepted")
            return
        }
        #expect(try Labeller(prior: prior, labels: v3, sampleLength: 6144).genreSlots == 1)
    }
}
