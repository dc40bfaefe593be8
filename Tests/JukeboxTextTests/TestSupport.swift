import Foundation
import JukeboxTestSupport
import JukeboxText
import JukeboxWeights
import Testing

/// The shared golden files, found relative to this source file: `<repo>/../shared/golden`.
extension Golden {
    /// `text.json`, parsed once.
    nonisolated(unsafe) static let text: [String: Any] = (try? json("text.json")) ?? [:]

    /// The cases of one list in `text.json`.
    static func textCases(_ key: String) throws -> [[String: Any]] {
        try #require(text[key] as? [[String: Any]], "text.json lacks \(key)")
    }

    /// A label set built from `text.json`'s made-up `label_tables` (`v2_artists`, ...).
    static func madeUpLabels(version: Int) throws -> LabelSet {
        let tables = try #require(text["label_tables"] as? [String: [String]])
        let artists = try #require(tables["v\(version)_artists"]).joined(separator: "\n")
        let genres = try #require(tables["v\(version)_genres"]).joined(separator: "\n")
        return try LabelSet.parse(
            version: version, artistFile: "v\(version)_artists", artists: artists, genreFile: "v\(version)_genres",
            genres: genres)
    }

    /// A label set built from the id files of `pipeline_models/ids` (the pipeline cases' tables).
    static func pipelineLabels(version: Int) throws -> LabelSet {
        try labels(version: version, directory: path("pipeline_models/ids"))
    }

    /// A label set from `v<version>_artist_ids.txt` and `v<version>_genre_ids.txt` in `directory`.
    static func labels(version: Int, directory: String) throws -> LabelSet {
        let artistFile = directory + "/v\(version)_artist_ids.txt"
        let genreFile = directory + "/v\(version)_genre_ids.txt"
        return try LabelSet.parse(
            version: version, artistFile: artistFile, artists: try String(contentsOfFile: artistFile, encoding: .utf8),
            genreFile: genreFile, genres: try String(contentsOfFile: genreFile, encoding: .utf8))
    }

    /// The hyper-parameters of a model in `pipeline_models/models.json` (`prior_5b_lyrics`, ...).
    static func pipelinePrior(_ name: String) throws -> PriorHyperparameters {
        let models = try #require(try json("pipeline_models/models.json")["models"] as? [String: Any])
        let model = try #require(models[name] as? [String: Any])
        let data = try JSONSerialization.data(withJSONObject: try #require(model["hps"]))
        return try JSONDecoder().decode(PriorHyperparameters.self, from: data)
    }
}

/// Int arrays from JSON numbers.
func ints(_ value: Any?) -> [Int] {
    (value as? [Any])?.compactMap { ($0 as? NSNumber)?.intValue } ?? []
}

/// Runs `body`, which must throw a ``TextError``, and returns that error (recording an issue otherwise).
func textError<T>(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> T) -> TextError? {
    do {
        _ = try body()
        Issue.record("expected a TextError, but the call succeeded", sourceLocation: sourceLocation)
    } catch let error as TextError {
        return error
    } catch {
        Issue.record("expected a TextError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
