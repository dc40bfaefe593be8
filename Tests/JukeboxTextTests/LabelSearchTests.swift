import JukeboxTestSupport
import JukeboxText
import Testing

@Suite struct LabelSearchTests {
    @Test func exactThenPrefixThenSubstringThenTypos() throws {
        let lookup = LabelLookup(labels: try Golden.pipelineLabels(version: 3))
        let results = lookup.search(query: "the", kind: .artist)
        #expect(results.map(\.name) == ["the beatles"])
        #expect(results.first?.id == 13)
        #expect(lookup.search(query: "Miles Davis").first == LabelMatch(kind: .artist, name: "miles davis", id: 11))
        #expect(lookup.search(query: "ella").first?.name == "ella fitzgerald")
        #expect(lookup.search(query: "fitz").map(\.name) == ["ella fitzgerald"])
        #expect(lookup.search(query: "bob marly").map(\.name) == ["bob marley"])
    }

    @Test func bothTablesAndKinds() throws {
        let lookup = LabelLookup(labels: try Golden.pipelineLabels(version: 3))
        let rock = lookup.search(query: "rock", limit: 10)
        #expect(rock.first == LabelMatch(kind: .genre, name: "rock", id: 11))
        #expect(rock.allSatisfy { $0.kind == .genre })
        #expect(Set(rock.map(\.id)) == [11, 2, 10, 12])
        #expect(lookup.search(query: "rock", kind: .artist).isEmpty)
    }

    @Test func v2MatchesNormalisedNamesAndGenreWords() throws {
        let lookup = LabelLookup(labels: try Golden.pipelineLabels(version: 2))
        #expect(lookup.search(query: "Guns N' Roses").first?.name == "guns_n_roses")
        let genres = lookup.search(query: "Hip Hop", kind: .genre).map(\.name)
        #expect(genres.prefix(2).sorted() == ["hip", "hop"])
    }

    @Test func emptyQueryListsInIdOrderAndLimitApplies() throws {
        let lookup = LabelLookup(labels: try Golden.pipelineLabels(version: 2))
        let all = lookup.search(query: "", limit: 100, kind: .genre)
        #expect(all.map(\.id) == Array(0...11))
        #expect(lookup.search(query: "", limit: 3).count == 3)
        #expect(lookup.search(query: "a", limit: 0).isEmpty)
        // The empty name of the v2 artist table is never listed.
        #expect(!lookup.search(query: "", limit: 100, kind: .artist).contains { $0.name.isEmpty })
    }

    @Test func farNamesAreNotListed() throws {
        let lookup = LabelLookup(labels: try Golden.pipelineLabels(version: 3))
        #expect(lookup.search(query: "zzzzzzzz").isEmpty)
    }
}
