// Port of jukebox/data/artist_genre_processor.py (ArtistGenreProcessor) @ 08efbbc

import JukeboxWeights

/// Artist and genre names to ids and back, for one label set (v2 or v3).
///
/// Keys are compared by Unicode scalars, as Python compares strings: no canonical
/// equivalence, so a name with an invisible U+200E mark and the same name without it are
/// different keys (the v3 genre table holds such pairs under different ids).
///
/// Unlike the reference, an artist or genre that is not in the table is an error naming close
/// matches, not a silent id 0, unless the caller asks for ``UnknownNames/useUnknownID``.
/// Names that the files themselves map to id 0 (`unknown`, `various`, ...) are ordinary
/// entries and always allowed.
public struct LabelLookup: Sendable {
    /// What to do with a name the table lacks.
    public enum UnknownNames: Sendable, Equatable {
        /// Throw ``TextError/unknownArtist(name:normalised:version:suggestions:)`` or
        /// ``TextError/unknownGenre(name:word:version:suggestions:)``.
        case reject
        /// Use id 0, as the reference does (it only prints a warning).
        case useUnknownID
    }

    /// A table key: the name's UTF-8 bytes, so equality is scalar equality.
    struct Key: Hashable, Sendable {
        let bytes: [UInt8]
        init(_ name: String) { bytes = Array(name.utf8) }
    }

    /// The tables this lookup reads.
    public let labels: LabelSet
    let artistIDs: [Key: Int]
    let genreIDs: [Key: Int]
    /// Distinct (name, id) pairs after later duplicates won, in file order of first appearance.
    let artistEntries: [LabelSet.Entry]
    let genreEntries: [LabelSet.Entry]
    let artistNames: [Int: String]
    let genreNames: [Int: String]

    /// Indexes `labels` the way `load_artists` / `load_genres` do: later duplicates of a name
    /// win; several names for one id are joined with `_` in sorted order for reverse lookups.
    public init(labels: LabelSet) {
        self.labels = labels
        (artistIDs, artistEntries, artistNames) = Self.index(labels.artists)
        (genreIDs, genreEntries, genreNames) = Self.index(labels.genres)
    }

    /// The label version, 2 or 3.
    public var version: Int { labels.version }

    /// The artist id of `name` (`get_artist_id`): v2 looks up `norm(name)`, v3 `name.lower()`.
    /// - Throws: ``TextError/unknownArtist(name:normalised:version:suggestions:)`` when the
    ///   table lacks the key and `unknown` is ``UnknownNames/reject``.
    public func artistID(_ name: String, unknown: UnknownNames = .reject) throws(TextError) -> Int {
        let key = LabelNormalisation.artistKey(name, version: version)
        if let id = artistIDs[Key(key)] { return id }
        guard unknown == .useUnknownID else {
            throw TextError.unknownArtist(
                name: name, normalised: key, version: version,
                suggestions: Self.closeMatches(key, in: artistEntries))
        }
        return 0
    }

    /// The genre ids of `genre` (`get_genre_ids`): v2 gives one id per word of `norm(genre)`,
    /// v3 one id for the whole lower-cased string. Not padded; the caller checks the slot count.
    ///
    /// Not in the reference: a v2 table name that holds `_` itself (`genre_1` in the tables
    /// `jukeboxd init-bundle` writes; the official v2 genres are single words) is one genre, so
    /// every name ``search(query:limit:kind:)`` lists is accepted as listed: when `norm(genre)`
    /// is a table name it gives that name's one id, before any splitting into words.
    /// - Throws: ``TextError/unknownGenre(name:word:version:suggestions:)`` for the first word
    ///   the table lacks when `unknown` is ``UnknownNames/reject``.
    public func genreIDs(_ genre: String, unknown: UnknownNames = .reject) throws(TextError) -> [Int] {
        if version == 2, let id = genreIDs[Key(LabelNormalisation.norm(genre))] { return [id] }
        var ids: [Int] = []
        for word in LabelNormalisation.genreKeys(genre, version: version) {
            if let id = genreIDs[Key(word)] {
                ids.append(id)
            } else if unknown == .useUnknownID {
                ids.append(0)
            } else {
                throw TextError.unknownGenre(
                    name: genre, word: word, version: version, suggestions: Self.closeMatches(word, in: genreEntries))
            }
        }
        return ids
    }

    /// The artist name of an id (`get_artist`); ids with several names give them sorted and
    /// joined with `_` (v2 id 0 is `_unknown_various`).
    /// - Throws: ``TextError/unknownArtistID(id:version:)`` when no name has this id.
    public func artistName(id: Int) throws(TextError) -> String {
        guard let name = artistNames[id] else { throw TextError.unknownArtistID(id: id, version: version) }
        return name
    }

    /// The genre name of a label's genre ids (`get_genre`): v2 joins the names of the ids
    /// that are not -1 with `_`; v3 takes exactly one id.
    /// - Throws: ``TextError/wrongGenreCount(count:expected:)`` for a v3 list that is not one
    ///   id; ``TextError/unknownGenreID(id:version:)`` for an id without a name.
    public func genreName(ids: [Int]) throws(TextError) -> String {
        if version == 3 {
            guard ids.count == 1 else { throw TextError.wrongGenreCount(count: ids.count, expected: 1) }
            guard let name = genreNames[ids[0]] else { throw TextError.unknownGenreID(id: ids[0], version: version) }
            return name
        }
        var names: [String] = []
        for id in ids where id >= 0 {
            guard let name = genreNames[id] else { throw TextError.unknownGenreID(id: id, version: version) }
            names.append(name)
        }
        return names.joined(separator: "_")
    }

    /// Builds the forward map (later duplicates win), the distinct entries and the reverse map
    /// (`create_reverse_lookup`).
    private static func index(_ entries: [LabelSet.Entry]) -> ([Key: Int], [LabelSet.Entry], [Int: String]) {
        var position: [Key: Int] = [:]
        var distinct: [LabelSet.Entry] = []
        for entry in entries {
            let key = Key(entry.name)
            if let at = position[key] {
                distinct[at].id = entry.id
            } else {
                position[key] = distinct.count
                distinct.append(entry)
            }
        }
        let ids = position.mapValues { distinct[$0].id }
        var grouped: [Int: [String]] = [:]
        for entry in distinct { grouped[entry.id, default: []].append(entry.name) }
        let reverse = grouped.mapValues { group in
            group.sorted {
                Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.unicodeScalars.map(\.value))
            }
            .joined(separator: "_")
        }
        return (ids, distinct, reverse)
    }
}
