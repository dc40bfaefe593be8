import Foundation
import JukeboxTestSupport
import JukeboxText
import Testing

/// `real_table_cases`: lookups in the official id tables (`jukebox/data/ids/v*_ids.txt`),
/// which this repository does not ship. Set `JUKEBOX_REFERENCE_IDS` to a folder holding
/// the four files to run them.
@Suite struct RealTableTests {
    static let directory = ProcessInfo.processInfo.environment["JUKEBOX_REFERENCE_IDS"]

    @Test(.enabled(if: directory != nil, "set JUKEBOX_REFERENCE_IDS to the reference's ids folder"))
    func goldenRealTableCases() throws {
        let folder = try #require(Self.directory)
        let cases = try Golden.textCases("real_table_cases")
        #expect(cases.count == 12)
        let lookups = [
            2: LabelLookup(labels: try Golden.labels(version: 2, directory: folder)),
            3: LabelLookup(labels: try Golden.labels(version: 3, directory: folder)),
        ]
        for entry in cases {
            try LabelLookupTests.check(entry, lookups: lookups, unknown: .reject)
        }
    }

    @Test(.enabled(if: directory != nil, "set JUKEBOX_REFERENCE_IDS to the reference's ids folder"))
    func invisibleMarkGenresStayDistinctInTheRealTable() throws {
        let folder = try #require(Self.directory)
        let lookup = LabelLookup(labels: try Golden.labels(version: 3, directory: folder))
        #expect(try lookup.genreIDs("psychedelic rock\u{200E}") == [7])
        #expect(try lookup.genreIDs("Psychedelic Rock") == [185])
        #expect(try lookup.artistID("Céline Dion") == 5220)
        let error = textError { try lookup.artistID("The Beatels") }
        guard case .unknownArtist(_, _, _, let suggestions) = error else {
            Issue.record("\(String(describing: error))")
            return
        }
        #expect(suggestions.contains("the beatles"))
    }
}
