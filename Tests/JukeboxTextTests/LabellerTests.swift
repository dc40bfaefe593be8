import Foundation
import JukeboxTestSupport
import JukeboxText
import JukeboxWeights
import Testing

@Suite struct LabellerTests {
    static let pipelineCases = [
        "pipeline_ancestral_1b_lyrics", "pipeline_ancestral_5b_lyrics", "pipeline_continue_5b_lyrics",
        "pipeline_primed_1b_lyrics", "pipeline_primed_5b_lyrics", "pipeline_upsample_5b_lyrics",
    ]

    /// The labeller of one level of a pipeline case, with the case's tables and window length.
    static func labeller(case json: [String: Any], level: Int) throws -> Labeller {
        let models = try #require(json["models"] as? [String: String])
        let settings = try #require(json["settings"] as? [String: Any])
        let window = ints(settings["window_samples_per_level"])[level]
        let name: String
        if level < 2 {
            name = "upsampler_level_\(level)"
        } else {
            name = try #require(models["prior_level_2"]).contains("1b_lyrics") ? "prior_1b_lyrics" : "prior_5b_lyrics"
        }
        let prior = try Golden.pipelinePrior(name)
        return try Labeller(
            prior: prior, labels: try Golden.pipelineLabels(version: prior.labelVersion), sampleLength: window)
    }

    /// `Labeller.get_batch_labels` of every level of every pipeline case, then `get_y` of
    /// every sampled window (float32 lyric windows).
    @Test(arguments: pipelineCases) func goldenPipelineLabels(name: String) throws {
        let json = try Golden.json(name + ".json")
        let metas = try #require(json["metas"] as? [[String: Any]])
        let labels = try #require(json["labels"] as? [[String: Any]])
        let schedule = try #require(json["schedule"] as? [String: [String: Any]])
        var windowsChecked = 0
        for entry in labels {
            let level = try #require(entry["level"] as? Int)
            let labeller = try Self.labeller(case: json, level: level)
            let expected = try #require(entry["y"] as? [[Any]])
            var songs: [Labeller.Label] = []
            for (item, meta) in metas.enumerated() {
                let label = try labeller.label(
                    artist: try #require(meta["artist"] as? String), genre: try #require(meta["genre"] as? String),
                    lyrics: try #require(meta["lyrics"] as? String),
                    totalLength: try #require(meta["total_length"] as? Int),
                    offset: try #require(meta["offset"] as? Int), unknown: .useUnknownID)
                #expect(
                    label.vector.values == ints(expected[item]).map { Int64($0) }, "\(name) level \(level) item \(item)"
                )
                songs.append(label)
            }
            for window in (schedule["level\(level)"]?["windows"] as? [[String: Any]]) ?? [] {
                guard let ys = window["y"] as? [[Any]], let start = window["start"] as? Int else { continue }
                for (item, label) in songs.enumerated() {
                    let vector = try labeller.windowVector(of: label, startToken: start)
                    #expect(
                        vector.values == ints(ys[item]).map { Int64($0) },
                        "\(name) level \(level) start \(start) item \(item)")
                }
                windowsChecked += 1
            }
        }
        #expect(windowsChecked > 0)
    }

    /// `Labeller.get_y_from_ids` of the prior cases: their `input.y` tensor.
    @Test(arguments: ["prior_top_5b", "prior_top_1b"]) func goldenPriorInputs(name: String) throws {
        let json = try Golden.json(name + ".json")
        let prior = try JSONDecoder().decode(
            PriorHyperparameters.self, from: try JSONSerialization.data(withJSONObject: try #require(json["hps"])))
        let structure = try #require(json["structure"] as? [String: Any])
        let inputs = try #require((json["inputs"] as? [String: Any])?["labels"] as? [String: Any])
        let lyrics = try #require(inputs["lyrics"] as? [String: Any])
        let sampleLength = try #require(structure["sample_length"] as? Int)
        #expect(inputs["sample_length"] as? Int == sampleLength)
        let set = prior.labelVersion == 3 ? try Golden.madeUpLabels(version: 3) : try Golden.madeUpLabels(version: 2)
        let labeller = try Labeller(prior: prior, labels: set, sampleLength: sampleLength)
        let totalLength = try #require(inputs["total_length"] as? Int)
        let offset = try #require(inputs["offset"] as? Int)

        let text = try #require(lyrics["text"] as? String)
        #expect(labeller.cleaner.clean(text) == lyrics["cleaned"] as? String)
        let full = labeller.cleaner.fullTokens(text)
        #expect(full == ints(lyrics["full_tokens"]))
        let window = try LyricWindow.select(
            fullTokens: full, count: labeller.lyricTokenCount, totalLength: totalLength, offset: offset,
            duration: sampleLength, arithmetic: .float64)
        #expect(window.tokens == ints(lyrics["window_tokens"]))
        #expect(window.indices == ints(lyrics["window_indices"]))

        let y = try SafeTensorsReader(path: Golden.path(name + ".safetensors")).tensor(named: "input.y").int64s()
        let items = try #require(inputs["per_item"] as? [[String: Any]])
        let width = 4 + labeller.genreSlots + labeller.lyricTokenCount
        #expect(y.count == items.count * width)
        for (index, item) in items.enumerated() {
            let vector = try labeller.vector(
                artistID: try #require(item["artist_id"] as? Int), genreIDs: ints(item["genre_ids"]),
                lyricTokens: window.tokens, totalLength: totalLength, offset: offset)
            #expect(vector.values == Array(y[(index * width)..<((index + 1) * width)]), "\(name) item \(index)")
            #expect(LabelVector(values: vector.values, genreSlots: labeller.genreSlots) == vector)
        }
    }
}
