// Port of jukebox/data/artist_genre_processor.py (ArtistGenreProcessor tables) @ 08efbbc
//
// Not in the reference: fuzzy search over its tables, for the daemon's `labels` request and
// for the close matches that unknown-name errors list.

import JukeboxWeights

/// Which table a search result comes from.
public enum LabelKind: String, Sendable, Equatable, CaseIterable, Codable {
    /// The artist table.
    case artist
    /// The genre table (v2: single words, v3: whole genres).
    case genre
}

/// One search result: a table name (as the table keys it) and its id.
public struct LabelMatch: Sendable, Equatable, Codable {
    /// The table the name is in.
    public var kind: LabelKind
    /// The name, exactly as the table keys it (v2: `norm()` form; v3: lower case).
    public var name: String
    /// Its embedding row.
    public var id: Int

    /// A result.
    public init(kind: LabelKind, name: String, id: Int) {
        self.kind = kind
        self.name = name
        self.id = id
    }
}

extension LabelLookup {
    /// Table names close to `query`, best first.
    ///
    /// The query is normalised as a lookup would be (v2 `norm()`, v3 lower case). Ranking:
    /// exact match, then names starting with the query, then names containing it (shorter
    /// names first; v2 genre words are also matched one by one), then names within a small
    /// edit distance (about a third of the query's length, at least 1; nearer first). Ties go
    /// to the lower id. An empty query lists the tables in id order. Empty names are never
    /// listed.
    /// - Parameters:
    ///   - query: what the user typed.
    ///   - limit: the most results to return.
    ///   - kind: one table, or both (artists first on equal rank) when nil.
    public func search(query: String, limit: Int = 20, kind: LabelKind? = nil) -> [LabelMatch] {
        guard limit > 0 else { return [] }
        var ranked: [(rank: Rank, match: LabelMatch)] = []
        for table in LabelKind.allCases where kind == nil || kind == table {
            let entries = table == .artist ? artistEntries : genreEntries
            let keys = searchKeys(query, table: table).map(Self.scalars)  // converted once per search
            for entry in entries {
                let ranks = keys.compactMap { Self.rank(entry, for: $0, tableOrder: table == .artist ? 0 : 1) }
                guard let best = ranks.min() else { continue }
                ranked.append((best, LabelMatch(kind: table, name: entry.name, id: entry.id)))
            }
        }
        ranked.sort { $0.rank < $1.rank }
        return ranked.prefix(limit).map(\.match)
    }

    /// The table names a lookup of `query` would use: the name its lookup key (v2 `norm()`, v3
    /// lower case) names exactly, in each table searched; for the v2 genre table also the
    /// single words of a query of several words that the table holds, as ``genreIDs(_:unknown:)``
    /// splits it. No similarity: `bach` does not find `beach`.
    /// - Parameters:
    ///   - query: what the user typed.
    ///   - limit: the most results to return.
    ///   - kind: one table, or both (artists first) when nil.
    public func exactMatches(query: String, limit: Int = 20, kind: LabelKind? = nil) -> [LabelMatch] {
        guard limit > 0 else { return [] }
        var found: [LabelMatch] = []
        for table in LabelKind.allCases where kind == nil || kind == table {
            let key = LabelNormalisation.artistKey(query, version: version)
            let ids: [Key: Int] = table == .artist ? artistIDs : self.genreIDs
            if let id = ids[Key(key)], !key.isEmpty {
                found.append(LabelMatch(kind: table, name: key, id: id))
            } else if table == .genre, version == 2 {
                for word in LabelNormalisation.genreKeys(query, version: 2) where !word.isEmpty {
                    guard let id = ids[Key(word)], !found.contains(where: { $0.kind == table && $0.name == word })
                    else { continue }
                    found.append(LabelMatch(kind: table, name: word, id: id))
                }
            }
        }
        return Array(found.prefix(limit))
    }

    /// Up to 5 table names close to an unknown key, best first (same ranking as ``search(query:limit:kind:)``).
    static func closeMatches(_ key: String, in entries: [LabelSet.Entry]) -> [String] {
        guard !key.isEmpty else { return [] }
        let query = scalars(key)
        let ranked = entries.compactMap { entry in rank(entry, for: query, tableOrder: 0).map { ($0, entry.name) } }
        return ranked.sorted { $0.0 < $1.0 }.prefix(5).map(\.1)
    }

    /// The keys a query is compared with: its lookup key, and for the v2 genre table (single
    /// words) also each word of it, so "hip hop" finds `hip` and `hop`.
    private func searchKeys(_ query: String, table: LabelKind) -> [String] {
        let key = LabelNormalisation.artistKey(query, version: version)
        guard table == .genre && version == 2 else { return [key] }
        let words = LabelNormalisation.genreKeys(query, version: 2)
        return words.count > 1 ? [key] + words : [key]
    }

    /// Sort key of a candidate; nil when it is not close enough to list.
    struct Rank: Comparable {
        var tier: Int
        var distance: Int
        var tableOrder: Int
        var id: Int
        var name: [UInt32]

        static func < (a: Rank, b: Rank) -> Bool {
            if a.tier != b.tier { return a.tier < b.tier }
            if a.distance != b.distance { return a.distance < b.distance }
            if a.tableOrder != b.tableOrder { return a.tableOrder < b.tableOrder }
            if a.id != b.id { return a.id < b.id }
            return a.name.lexicographicallyPrecedes(b.name)
        }
    }

    /// A key as the scalar values ``rank(_:for:tableOrder:)`` compares.
    private static func scalars(_ key: String) -> [UInt32] { key.unicodeScalars.map(\.value) }

    private static func rank(_ entry: LabelSet.Entry, for query: [UInt32], tableOrder: Int) -> Rank? {
        let name = scalars(entry.name)
        guard !name.isEmpty else { return nil }
        func make(_ tier: Int, _ distance: Int) -> Rank {
            Rank(tier: tier, distance: distance, tableOrder: tableOrder, id: entry.id, name: name)
        }
        if query.isEmpty { return make(1, 0) }
        if name == query { return make(0, 0) }
        if name.starts(with: query) { return make(1, name.count - query.count) }
        if contains(name, query) { return make(2, name.count - query.count) }
        let allowed = max(1, query.count / 3)
        guard abs(name.count - query.count) <= allowed else { return nil }
        let distance = editDistance(query, name)
        return distance <= allowed ? make(3, distance) : nil
    }

    private static func contains(_ haystack: [UInt32], _ needle: [UInt32]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count)
        where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }

    /// Levenshtein distance (insert, delete, substitute, each costing 1) over scalars.
    static func editDistance(_ a: [UInt32], _ b: [UInt32]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
