// Port of jukebox/data/artist_genre_processor.py (loading) and text_processor.py (vocabulary) @ 08efbbc
import Foundation

/// One version's artist and genre tables and lyric vocabulary, as a bundle's `labels.json`
/// stores them.
///
/// Entries keep the id files' order and their names exactly as the reference keys them
/// (stripped, lower-cased, otherwise byte for byte, invisible marks included); when a name
/// repeats, the later entry wins, as in the reference's dictionary.
public struct LabelSet: Codable, Sendable, Equatable {
    /// One `name;id` line of an id file.
    public struct Entry: Codable, Sendable, Equatable {
        /// The name as the reference keys it.
        public var name: String
        /// The embedding row.
        public var id: Int

        public init(name: String, id: Int) {
            self.name = name
            self.id = id
        }
    }

    /// 2 (`labels`) or 3 (`labels_v3`).
    public var version: Int
    /// Artist names and ids, in file order.
    public var artists: [Entry]
    /// Genre names (v2: single words) and ids, in file order.
    public var genres: [Entry]
    /// The lyric characters of ids 1, 2, ... in order (id 0 is the unknown/padding token).
    public var lyricVocabulary: String

    enum CodingKeys: String, CodingKey {
        case version, artists, genres
        case lyricVocabulary = "lyric_vocabulary"
    }

    public init(version: Int, artists: [Entry], genres: [Entry], lyricVocabulary: String) {
        self.version = version
        self.artists = artists
        self.genres = genres
        self.lyricVocabulary = lyricVocabulary
    }

    /// The v2 lyric characters (79 of them; n_vocab 80 with the unknown token).
    public static let v2Vocabulary =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.,:;!?-+'\"()[] \t\n"
    /// The v3 lyric characters (78 of them, no '+'; n_vocab 79 with the unknown token).
    public static let v3Vocabulary =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.,:;!?-'\"()[] \t\n"

    /// Builds a set from the text of the reference's id files (`ids/v2_artist_ids.txt` and
    /// `ids/v2_genre_ids.txt`, or the v3 pair).
    /// - Throws: `BundleError.invalidLabelFile` naming the file and line of anything that is
    ///   not `name;id` with a non-negative integer id.
    public static func parse(version: Int, artistFile: String, artists: String, genreFile: String, genres: String)
        throws(BundleError) -> LabelSet
    {
        LabelSet(
            version: version,
            artists: try parseIdFile(artists, file: artistFile),
            genres: try parseIdFile(genres, file: genreFile),
            lyricVocabulary: version == 3 ? v3Vocabulary : v2Vocabulary)
    }

    /// Reads the reference's `v<version>_artist_ids.txt` and `v<version>_genre_ids.txt` from
    /// `directory`.
    /// - Throws: `BundleError.missingFile` for an absent file, `.invalidLabelFile` for a bad line.
    public static func read(version: Int, directory: String) throws(BundleError) -> LabelSet {
        func contents(_ kind: String) throws(BundleError) -> (String, String) {
            let path = (directory as NSString).appendingPathComponent("v\(version)_\(kind)_ids.txt")
            guard let data = FileManager.default.contents(atPath: path) else {
                throw BundleError.missingFile(path: path)
            }
            return (path, String(decoding: data, as: UTF8.self))
        }
        let (artistFile, artists) = try contents("artist")
        let (genreFile, genres) = try contents("genre")
        return try parse(
            version: version, artistFile: artistFile, artists: artists, genreFile: genreFile, genres: genres)
    }

    /// Reads `name;id` lines as the reference does: `line.strip().split(';')`, the name
    /// lower-cased. Blank lines are skipped.
    static func parseIdFile(_ text: String, file: String) throws(BundleError) -> [Entry] {
        var entries: [Entry] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingPythonWhitespace()
            if line.isEmpty { continue }
            let fields = line.split(separator: ";", omittingEmptySubsequences: false)
            guard fields.count == 2, let id = Int(fields[1]), id >= 0 else {
                throw BundleError.invalidLabelFile(file: file, line: index + 1, text: String(line.prefix(80)))
            }
            entries.append(Entry(name: fields[0].lowercased(), id: id))
        }
        return entries
    }

    /// Checks ids fit tables of `artistRows` and `genreRows` rows, and the vocabulary size.
    /// - Throws: `BundleError.invalidLabels`.
    public func validate(genreRows: Int, artistRows: Int, vocabularySize: Int) throws(BundleError) {
        if let bad = artists.first(where: { $0.id >= artistRows }) {
            throw BundleError.invalidLabels(
                reason: "v\(version) artist '\(bad.name)' has id \(bad.id), the table has \(artistRows) rows")
        }
        if let bad = genres.first(where: { $0.id >= genreRows }) {
            throw BundleError.invalidLabels(
                reason: "v\(version) genre '\(bad.name)' has id \(bad.id), the table has \(genreRows) rows")
        }
        if lyricVocabulary.unicodeScalars.count + 1 != vocabularySize {
            throw BundleError.invalidLabels(
                reason: "v\(version) lyric vocabulary has \(lyricVocabulary.unicodeScalars.count + 1) tokens, "
                    + "the model expects \(vocabularySize)")
        }
    }
}

extension Substring {
    /// Python's `str.strip()` for the whitespace that occurs in id files (ASCII whitespace
    /// and the Unicode spaces Python strips); format marks such as U+200E are kept.
    func trimmingPythonWhitespace() -> Substring {
        func isSpace(_ c: Character) -> Bool {
            c.unicodeScalars.allSatisfy { $0.properties.isWhitespace || ("\u{1C}"..."\u{1F}").contains($0) }
        }
        var result = self[...]
        while let first = result.first, isSpace(first) { result = result.dropFirst() }
        while let last = result.last, isSpace(last) { result = result.dropLast() }
        return result
    }
}
