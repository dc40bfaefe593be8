/// Why lyrics, an artist or genre name, a lyric window or a label vector was refused.
///
/// The reference asserts (or silently substitutes id 0) in these places; this port throws
/// instead, with the values involved and what to change.
public enum TextError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The artist is not in the label set's artist table. `normalised` is the key that was
    /// looked up (v2: `norm()` form, v3: lower case); `suggestions` lists up to 5 close table
    /// names, nearest first.
    case unknownArtist(name: String, normalised: String, version: Int, suggestions: [String])
    /// A genre (v3) or one word of a genre (v2 splits genres into words) is not in the genre
    /// table. `word` is the key that was looked up; `suggestions` lists up to 5 close table names.
    case unknownGenre(name: String, word: String, version: Int, suggestions: [String])
    /// A v2 genre splits into more words than the model has genre slots
    /// (`max_bow_genre_size`).
    case tooManyGenreWords(name: String, words: [String], limit: Int)
    /// An artist id has no name in the table (reverse lookup).
    case unknownArtistID(id: Int, version: Int)
    /// A genre id has no name in the table (reverse lookup).
    case unknownGenreID(id: Int, version: Int)
    /// A v3 label holds a number of genre ids other than one.
    case wrongGenreCount(count: Int, expected: Int)
    /// A character of text given to the tokeniser has no token id (clean the text first).
    case notInVocabulary(character: String)
    /// A lyric token id is outside the vocabulary (0 ..< n_vocab).
    case invalidLyricToken(token: Int, vocabularySize: Int)
    /// The lyric window cannot be cut: offset outside [0, total_length), or an odd token count.
    case invalidLyricWindow(reason: String)
    /// A value of the label vector is out of range for this prior; `field` uses the
    /// reference's name (`total_length`, `offset`, `artist_id`, ...).
    case invalidLabel(field: String, reason: String)
    /// The label set and the prior disagree (label version, vocabulary size, unused labels).
    case mismatchedLabels(reason: String)

    /// A one-line explanation with the values involved and what to do next.
    public var description: String {
        switch self {
        case .unknownArtist(let name, let normalised, let version, let suggestions):
            return "artist '\(name)' (looked up as '\(normalised)') is not in the v\(version) artist table"
                + Self.hint(suggestions)
        case .unknownGenre(let name, let word, let version, let suggestions):
            let part = word == name ? "" : " (word '\(word)')"
            return "genre '\(name)'\(part) is not in the v\(version) genre table" + Self.hint(suggestions)
        case .tooManyGenreWords(let name, let words, let limit):
            return "genre '\(name)' splits into \(words.count) words (\(words.joined(separator: ", "))); "
                + "the model has \(limit) genre slots: give fewer words"
        case .unknownArtistID(let id, let version):
            return "artist id \(id) has no name in the v\(version) artist table"
        case .unknownGenreID(let id, let version):
            return "genre id \(id) has no name in the v\(version) genre table"
        case .wrongGenreCount(let count, let expected):
            return "expected \(expected) genre id(s), got \(count)"
        case .notInVocabulary(let character):
            let value = character.unicodeScalars.first.map { String($0.value, radix: 16, uppercase: true) } ?? "?"
            return "character U+\(value) has no lyric token id; clean the lyrics before tokenising"
        case .invalidLyricToken(let token, let vocabularySize):
            return "lyric token \(token) is outside the vocabulary 0..<\(vocabularySize)"
        case .invalidLyricWindow(let reason):
            return "lyric window: \(reason)"
        case .invalidLabel(let field, let reason):
            return "label \(field): \(reason)"
        case .mismatchedLabels(let reason):
            return "labels do not fit the prior: \(reason)"
        }
    }

    private static func hint(_ suggestions: [String]) -> String {
        if suggestions.isEmpty { return "; use the labels search to find a listed name" }
        return "; close matches: " + suggestions.map { "'\($0)'" }.joined(separator: ", ")
    }
}
