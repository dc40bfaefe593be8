import JukeboxText
import JukeboxWeights
import Testing

/// `labels --exact`, and names as `jukeboxd init-bundle` writes them (`genre_1`): every name a
/// search lists is looked up as listed.
@Suite struct LabelExactTests {
    /// v2 tables shaped like init-bundle's, plus `bach` and `beach` to tell similarity from equality.
    static let lookup = LabelLookup(
        labels: LabelSet(
            version: 2,
            artists: [
                .init(name: "unknown", id: 0), .init(name: "artist_1", id: 1), .init(name: "bach", id: 2),
                .init(name: "beach", id: 3),
            ],
            genres: [
                .init(name: "unknown", id: 0), .init(name: "genre_1", id: 1), .init(name: "genre_2", id: 2),
                .init(name: "hip", id: 3), .init(name: "hop", id: 4),
            ],
            lyricVocabulary: LabelSet.v2Vocabulary))

    @Test func similaritySearchFindsBeachForBachAndExactDoesNot() {
        #expect(Self.lookup.search(query: "bach", kind: .artist).map(\.name) == ["bach", "beach"])
        #expect(Self.lookup.exactMatches(query: "Bach", kind: .artist).map(\.name) == ["bach"])
        #expect(Self.lookup.exactMatches(query: "bac", kind: .artist).isEmpty)
        #expect(
            Self.lookup.exactMatches(query: "Artist 1", kind: .artist) == [
                LabelMatch(kind: .artist, name: "artist_1", id: 1)
            ])
    }

    @Test func everyListedGenreIsAcceptedAsListed() throws {
        let listed = Self.lookup.search(query: "", limit: 100, kind: .genre).map(\.name)
        #expect(listed.contains("genre_1"))
        for name in listed {
            let ids = try Self.lookup.genreIDs(name)
            #expect(ids.count == 1, "\(name) gave \(ids)")
            #expect(Self.lookup.exactMatches(query: name, kind: .genre).map(\.id) == ids)
        }
        #expect(try Self.lookup.genreIDs("Genre 2") == [2])
    }

    @Test func v2GenresOfSeveralWordsStillSplitAsTheReferenceDoes() throws {
        #expect(try Self.lookup.genreIDs("hip hop") == [3, 4])
        #expect(Self.lookup.exactMatches(query: "hip hop", kind: .genre).map(\.name) == ["hip", "hop"])
        #expect(throws: TextError.self) { try Self.lookup.genreIDs("genre_9") }
    }
}
