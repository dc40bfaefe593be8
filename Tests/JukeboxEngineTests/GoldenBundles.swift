import Foundation
import JukeboxEngine
import JukeboxTestSupport
import JukeboxWeights
import Testing

/// The golden `pipeline_models/` converted to bundles (once per test process) and loaded.
enum GoldenBundles {
    static let fiveBLyrics = Result { try load(bundle: "5b_lyrics", top: "prior_5b_lyrics") }
    static let oneBLyrics = Result { try load(bundle: "1b_lyrics", top: "prior_1b_lyrics") }

    static func pipeline(_ bundle: String) throws -> Pipeline {
        try (bundle == "1b_lyrics" ? oneBLyrics : fiveBLyrics).get()
    }

    /// Converts the official-format files with presets from `pipeline_models/models.json`.
    private static func load(bundle: String, top: String) throws -> Pipeline {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("jukebox-engine-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let models = try #require(try Golden.json("pipeline_models/models.json")["models"] as? [String: Any])
        func preset(_ name: String) throws -> Any { try #require((models[name] as? [String: Any])?["preset"]) }
        let hparams: [String: Any] = [
            "vqvae": try preset("vqvae"), "prior_level_0": try preset("upsampler_level_0"),
            "prior_level_1": try preset("upsampler_level_1"), "prior_level_2": try preset(top),
        ]
        let hparamsPath = folder + "/hparams.json"
        try JSONSerialization.data(withJSONObject: hparams).write(to: URL(fileURLWithPath: hparamsPath))
        let inputs = try [
            "5b/vqvae.pth.tar", "5b/prior_level_0.pth.tar", "5b/prior_level_1.pth.tar",
            "\(bundle)/prior_level_2.pth.tar",
        ].map { try ConversionInput.parse(Golden.path("pipeline_models/\($0)")) }
        var converter = BundleConverter(
            inputs: inputs, hyperparameters: .file(hparamsPath), labelsDirectory: Golden.path("pipeline_models/ids"),
            name: bundle)
        converter.trained = false
        try converter.convert(to: folder + "/bundle")
        // The readers map the files; the mappings stay valid after the directory is removed.
        return try Pipeline(bundle: try ModelBundle(path: folder + "/bundle"))
    }
}
