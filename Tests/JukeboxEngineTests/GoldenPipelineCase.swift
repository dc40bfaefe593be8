import Foundation
import JukeboxEngine
import JukeboxTensor
import JukeboxTestSupport
import JukeboxWeights
import Testing

/// One window of a case's `schedule` as the reference visited it.
struct GoldenWindow: Sendable {
    var start, end, tokensBefore, conditioningTokens, sampleTokens, newTokens, tokensAfter: Int
    var skipped, partial: Bool
    var labels: [[Int]]?
    var batchSplits: [Int]?
}

/// One take's names and timing (`metas`).
struct GoldenMeta: Sendable {
    var artist, genre, lyrics: String
    var totalLength, offset: Int
}

/// The parts of a `pipeline_<case>.json` the engine tests read.
struct GoldenPipelineCase: Sendable, CustomStringConvertible {
    static let names = [
        "ancestral_5b_lyrics", "primed_5b_lyrics", "continue_5b_lyrics", "upsample_5b_lyrics",
        "ancestral_1b_lyrics", "primed_1b_lyrics",
    ]

    var name: String
    var mode: String
    var bundle: String
    var sampleLength: Int
    /// Per level (index = level).
    var totalTokens, contextLength, hopLength, chunkSize, maxBatchSize, topK: [Int]
    var hopFraction: [Double]
    var temperature, topP: [Float]
    var sampledLevels: [Int]
    var metas: [GoldenMeta]
    /// `labels[level][take]`: `Labeller.get_batch_labels` output.
    var labels: [[[Int]]]
    /// `starts[level]` (`nil` for a partial top window) and `windows[level]`, for sampled levels.
    var starts: [Int: [Int]?]
    var windows: [Int: [GoldenWindow]]
    /// Primer (`primed`) or cut (`continue`) duration in samples.
    var duration: Int?
    var codesFile: String?

    var description: String { name }
    var tensorsFile: String { "pipeline_\(name).safetensors" }
    var hopSamples: [Int] { totalTokens.map { sampleLength / $0 } }

    init(_ name: String) throws {
        let json = try Golden.json("pipeline_\(name).json")
        let s = try #require(json["settings"] as? [String: Any])
        func ints(_ key: String) throws -> [Int] { try #require(s[key] as? [Int], "settings.\(key)") }
        func floats(_ key: String) throws -> [Float] {
            try #require(s[key] as? [Double], "settings.\(key)").map { Float($0) }
        }
        self.name = name
        mode = try #require(s["mode"] as? String)
        bundle = try #require(s["bundle"] as? String)
        sampleLength = try #require(s["sample_length"] as? Int)
        let perLevel = try #require(s["tokens_per_level"] as? [String: Int])
        totalTokens = try (0..<3).map { try #require(perLevel["level\($0)"]) }
        contextLength = try ints("n_ctx_per_level")
        hopLength = try ints("hop_length_per_level")
        chunkSize = try ints("chunk_size")
        maxBatchSize = try ints("max_batch_size")
        topK = try ints("top_k")
        hopFraction = try #require(s["hop_fraction"] as? [Double])
        temperature = try floats("temp")
        topP = try floats("top_p")
        sampledLevels = try ints("sampled_levels")
        let primer = s["primer"] as? [String: Any]
        duration = (primer?["duration_samples"] ?? s["duration_samples"]) as? Int
        codesFile = s["codes_file"] as? String
        metas = try #require(json["metas"] as? [[String: Any]]).map {
            GoldenMeta(
                artist: try #require($0["artist"] as? String), genre: try #require($0["genre"] as? String),
                lyrics: try #require($0["lyrics"] as? String), totalLength: try #require($0["total_length"] as? Int),
                offset: try #require($0["offset"] as? Int))
        }
        let labelList = try #require(json["labels"] as? [[String: Any]])
        labels = try (0..<3).map { level in
            let entry = try #require(labelList.first { $0["level"] as? Int == level })
            return try #require(entry["y"] as? [[Int]])
        }
        let schedule = try #require(json["schedule"] as? [String: [String: Any]])
        starts = [:]
        windows = [:]
        for level in sampledLevels {
            let entry = try #require(schedule["level\(level)"])
            starts[level] = entry["get_starts"] as? [Int]
            windows[level] = try #require(entry["windows"] as? [[String: Any]]).map { w in
                func int(_ key: String) throws -> Int { try #require(w[key] as? Int, "window.\(key)") }
                return GoldenWindow(
                    start: try int("start"), end: try int("end"), tokensBefore: try int("tokens_before"),
                    conditioningTokens: try int("conditioning_tokens"), sampleTokens: try int("sample_tokens"),
                    newTokens: try int("new_tokens"), tokensAfter: try int("tokens_after"),
                    skipped: try #require(w["skipped"] as? Bool), partial: try #require(w["partial"] as? Bool),
                    labels: w["y"] as? [[Int]], batchSplits: w["batch_splits"] as? [Int])
            }
        }
    }

    /// Tokens present at each level before sampling, from the mode (not from the schedule).
    var existingTokens: [Int] {
        switch mode {
        case "primed", "continue": hopSamples.map { (duration ?? 0) / $0 }
        case "upsample": [0, 0, totalTokens[2]]
        default: [0, 0, 0]
        }
    }

    /// The reference's per-level settings of this case.
    var settings: [LevelSettings] {
        (0..<3).map {
            LevelSettings(
                temperature: temperature[$0], topK: topK[$0], topP: topP[$0], chunkSize: chunkSize[$0],
                maxBatchSize: maxBatchSize[$0], hopFraction: hopFraction[$0])
        }
    }

    /// Integer tensor `name` of the case's tensors file as rows.
    func intRows(_ name: String) throws -> [[Int]] {
        let t = try SafeTensorsReader(path: Golden.path(tensorsFile)).tensor(named: name)
        let values = try t.int64s()
        let width = t.shape[1]
        return (0..<t.shape[0]).map { b in values[(b * width)..<((b + 1) * width)].map { Int($0) } }
    }

    /// Float tensor `name` of the case's tensors file.
    func floats(_ name: String) throws -> (values: [Float], shape: [Int]) {
        let t = try SafeTensorsReader(path: Golden.path(tensorsFile)).tensor(named: name)
        return (try t.floats(), t.shape)
    }
}
