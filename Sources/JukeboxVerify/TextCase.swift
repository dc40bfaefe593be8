import Foundation
import JukeboxText
import JukeboxWeights

/// A `text` case: lyric cleaning, tokens and text (`text_cases`), lyric windows on both of the
/// reference's arithmetic paths (`lyric_window_cases`), and artist/genre lookups in the
/// case's made-up tables (`label_cases`, with the reference's id 0 for unknown names), all
/// exact. `real_table_cases` also run when `JUKEBOX_REFERENCE_IDS` names a folder holding
/// the reference's four id files, which this project does not ship.
struct TextCase {
    var name: String
    var json: [String: Any]

    func run() -> VerifyResult {
        do {
            var checked = 0
            var failures: [String] = []
            for entry in json["text_cases"] as? [[String: Any]] ?? [] {
                checked += 1
                let vocabulary = (entry["v3"] as? Bool) == true ? LyricVocabulary.v3 : LyricVocabulary.v2
                let cleaned = LyricCleaner(vocabulary: vocabulary).clean(entry["input"] as? String ?? "")
                let tokens = try vocabulary.tokenise(cleaned)
                let text = try vocabulary.detokenise(tokens)
                if cleaned != entry["cleaned"] as? String || tokens != Self.ints(entry["tokens"])
                    || text != entry["textise"] as? String
                {
                    failures.append("text \(entry["input"] ?? "")")
                }
            }
            failures += try windowFailures(&checked)
            if let tables = json["label_tables"] as? [String: [String]] {
                let lookups = try [2, 3].reduce(into: [Int: LabelLookup]()) { result, version in
                    result[version] = LabelLookup(
                        labels: try LabelSet.parse(
                            version: version, artistFile: "v\(version)_artists",
                            artists: (tables["v\(version)_artists"] ?? []).joined(separator: "\n"),
                            genreFile: "v\(version)_genres",
                            genres: (tables["v\(version)_genres"] ?? []).joined(separator: "\n")))
                }
                failures += try labelFailures("label_cases", lookups, unknown: .useUnknownID, &checked)
            }
            var note = ""
            if let folder = ProcessInfo.processInfo.environment["JUKEBOX_REFERENCE_IDS"] {
                let lookups = try [2, 3].reduce(into: [Int: LabelLookup]()) { result, version in
                    result[version] = LabelLookup(labels: try LabelSet.read(version: version, directory: folder))
                }
                failures += try labelFailures("real_table_cases", lookups, unknown: .reject, &checked)
            } else if let real = json["real_table_cases"] as? [[String: Any]], !real.isEmpty {
                note = "; \(real.count) real-table cases need JUKEBOX_REFERENCE_IDS"
            }
            if !failures.isEmpty {
                return result(.fail, "\(failures.count) of \(checked) differ, first: \(failures[0])")
            }
            return result(.pass, "\(checked) cases exact\(note)")
        } catch {
            return result(.fail, "\(error)")
        }
    }

    /// The lyric-window cases. The JSON gives the windows, not the lyrics, so each lyric's
    /// token list is rebuilt from every window of it (length from the furthest index).
    private func windowFailures(_ checked: inout Int) throws -> [String] {
        let cases = json["lyric_window_cases"] as? [[String: Any]] ?? []
        var known: [String: [Int: Int]] = [:]
        for entry in cases {
            let lyrics = entry["lyrics"] as? String ?? ""
            for path in ["python_int_path", "tensor_float32_path"] {
                let window = entry[path] as? [String: Any] ?? [:]
                for (index, token) in zip(Self.ints(window["indices"]), Self.ints(window["tokens"])) where index >= 0 {
                    known[lyrics, default: [:]][index] = token
                }
            }
        }
        var failures: [String] = []
        for entry in cases {
            checked += 1
            let lyrics = entry["lyrics"] as? String ?? ""
            let table = known[lyrics] ?? [:]
            let full = (0..<((table.keys.max() ?? -1) + 1)).map { table[$0] ?? 1 }
            for (path, arithmetic) in [
                ("python_int_path", LyricWindow.Arithmetic.float64), ("tensor_float32_path", .float32),
            ] {
                let expected = entry[path] as? [String: Any] ?? [:]
                let window = try LyricWindow.select(
                    fullTokens: full, count: entry["n_tokens"] as? Int ?? 0,
                    totalLength: entry["total_length"] as? Int ?? 0,
                    offset: entry["offset"] as? Int ?? 0, duration: entry["duration"] as? Int ?? 0,
                    arithmetic: arithmetic)
                if window.tokens != Self.ints(expected["tokens"]) || window.indices != Self.ints(expected["indices"]) {
                    failures.append("window \(lyrics) offset \(entry["offset"] ?? "") \(path)")
                }
            }
        }
        return failures
    }

    private func labelFailures(
        _ key: String, _ lookups: [Int: LabelLookup], unknown: LabelLookup.UnknownNames, _ checked: inout Int
    ) throws -> [String] {
        var failures: [String] = []
        for entry in json[key] as? [[String: Any]] ?? [] {
            checked += 1
            guard let lookup = lookups[(entry["v3"] as? Bool) == true ? 3 : 2] else { continue }
            let same: Bool
            switch entry["kind"] as? String {
            case "artist_id":
                same = (try? lookup.artistID(entry["name"] as? String ?? "", unknown: unknown)) == entry["id"] as? Int
            case "genre_ids":
                same =
                    (try? lookup.genreIDs(entry["name"] as? String ?? "", unknown: unknown)) == Self.ints(entry["ids"])
            case "artist_name":
                same = (try? lookup.artistName(id: entry["id"] as? Int ?? -1)) == entry["name"] as? String
            case "genre_name": same = (try? lookup.genreName(ids: Self.ints(entry["ids"]))) == entry["name"] as? String
            default: same = false
            }
            if !same { failures.append("\(key) \(entry["kind"] ?? "") \(entry["name"] ?? entry["id"] ?? "")") }
        }
        return failures
    }

    static func ints(_ value: Any?) -> [Int] { (value as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.intValue } }

    private func result(_ status: VerifyResult.Status, _ detail: String) -> VerifyResult {
        VerifyResult(status: status, name: name, kind: "text", maxError: 0, tolerance: 0, detail: detail)
    }
}
