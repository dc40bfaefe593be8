import Foundation
import JukeboxDaemon
import JukeboxProtocol
import JukeboxTestSupport
import JukeboxWeights
import Testing

/// `labels` against a bundle whose tables are shaped like `jukeboxd init-bundle`'s (`genre_1`,
/// `artist_1`): every name it lists is accepted by a submit as listed, and `exact` lists only
/// the name a submit of the query uses.
@Suite(.serialized) struct LabelNamesTests {
    /// The tiny bundle's shapes with init-bundle's made-up names.
    static let madeUp = BundleLabels(sets: [
        LabelSet(
            version: 2,
            artists: (0..<4).map { LabelSet.Entry(name: $0 == 0 ? "unknown" : "artist_\($0)", id: $0) },
            genres: (0..<6).map { LabelSet.Entry(name: $0 == 0 ? "unknown" : "genre_\($0)", id: $0) },
            lyricVocabulary: LabelSet.v2Vocabulary)
    ])

    @Test func everyListedNameIsAcceptedAsListed() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            try RandomBundle.write(
                config: TinyBundle.config(createdBy: "JukeboxDaemonTests"), labels: Self.madeUp,
                to: folders.models + "/madeup", seed: 0)
            try withDaemon(folders) { _, client in
                guard case .labels(let labels)? = client.request("{\"op\":\"labels\",\"id\":1,\"model\":\"madeup\"}")
                else {
                    Issue.record("no labels reply")
                    return
                }
                #expect(labels.genres.map(\.name).contains("genre_1"))
                #expect(labels.artists.map(\.name).contains("artist_3"))
                var id = 10
                for genre in labels.genres {
                    id += 1
                    let reply = client.request(
                        "{\"op\":\"estimate\",\"id\":\(id),\"model\":\"madeup\",\"mode\":\"ancestral\",\"seconds\":1,"
                            + "\"genres\":[\"\(genre.name)\"],\"levels\":[2]}")
                    #expect(errorCode(reply) == nil, "genre \(genre.name): \(String(describing: reply))")
                }
                for artist in labels.artists {
                    id += 1
                    let reply = client.request(
                        "{\"op\":\"estimate\",\"id\":\(id),\"model\":\"madeup\",\"mode\":\"ancestral\",\"seconds\":1,"
                            + "\"artist\":\"\(artist.name)\",\"levels\":[2]}")
                    #expect(errorCode(reply) == nil, "artist \(artist.name): \(String(describing: reply))")
                }
            }
        }
    }

    @Test func exactListsOnlyTheNameASubmitUses() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            try withDaemon(folders) { _, client in
                let similar = client.request("{\"op\":\"labels\",\"id\":1,\"model\":\"tiny\",\"genre\":\"rok\"}")
                guard case .labels(let fuzzy)? = similar else { return }
                #expect(fuzzy.genres.map(\.name).contains("rock"))
                let exact = client.request(
                    "{\"op\":\"labels\",\"id\":2,\"model\":\"tiny\",\"genre\":\"rok\",\"exact\":true}")
                guard case .labels(let none)? = exact else { return }
                #expect(none.genres.isEmpty && none.artists.isEmpty)
                let named = client.request(
                    "{\"op\":\"labels\",\"id\":3,\"model\":\"tiny\",\"artist\":\"Demo Band\",\"exact\":true}")
                guard case .labels(let one)? = named else { return }
                #expect(one.artists == [Label(name: "demo_band", labelID: 1)])
                #expect(
                    errorCode(client.request("{\"op\":\"labels\",\"id\":4,\"model\":\"tiny\",\"exact\":1}"))
                        == .invalidField)
            }
        }
    }
}
