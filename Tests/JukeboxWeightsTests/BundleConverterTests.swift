import Foundation
import JukeboxTestSupport
import JukeboxWeights
import Testing

/// The golden pipeline models, in the official on-disk layout, convert to bundles that open.
struct BundleConverterTests {
    /// `{"vqvae": ..., "prior_level_L": ...}` from the `preset` entries of
    /// `pipeline_models/models.json` (the fields the reference's constructors read).
    static func hyperparameterFile(top: String, in folder: TemporaryDirectory) throws -> String {
        let models = try #require(try Golden.json("pipeline_models/models.json")["models"] as? [String: Any])
        func preset(_ name: String) throws -> Any { try #require((models[name] as? [String: Any])?["preset"]) }
        let file: [String: Any] = [
            "vqvae": try preset("vqvae"), "prior_level_0": try preset("upsampler_level_0"),
            "prior_level_1": try preset("upsampler_level_1"), "prior_level_2": try preset(top),
        ]
        let path = folder.path("hparams.json")
        try JSONSerialization.data(withJSONObject: file).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func inputs(bundle: String) throws -> [ConversionInput] {
        try [
            "5b/vqvae.pth.tar", "5b/prior_level_0.pth.tar", "5b/prior_level_1.pth.tar",
            "\(bundle)/prior_level_2.pth.tar",
        ]
        .map { try ConversionInput.parse(Golden.path("pipeline_models/\($0)")) }
    }

    @Test(arguments: [("5b_lyrics", "prior_5b_lyrics"), ("1b_lyrics", "prior_1b_lyrics")])
    func pipelineModelsConvertToABundleThatOpens(bundle: String, top: String) throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        var converter = BundleConverter(
            inputs: try Self.inputs(bundle: bundle),
            hyperparameters: .file(try Self.hyperparameterFile(top: top, in: folder)),
            labelsDirectory: Golden.path("pipeline_models/ids"), name: bundle)
        converter.trained = false
        var reports: [BundleConverter.Progress] = []
        let out = folder.path("bundle")
        let config = try converter.convert(to: out) { reports.append($0) }

        let opened = try ModelBundle(path: out)
        #expect(opened.config == config)
        #expect(opened.config.name == bundle)
        #expect(
            opened.config.sources.map(\.file) == [
                "prior_level_0.pth.tar", "prior_level_1.pth.tar", "prior_level_2.pth.tar", "vqvae.pth.tar",
            ])
        #expect(reports.last?.bytesDone == reports.last?.bytesTotal)
        #expect(!FileManager.default.fileExists(atPath: out + ".partial"))

        // Every tensor is bit-identical to the checkpoint's (dtype keep).
        let top = try TorchCheckpoint(path: Golden.path("pipeline_models/\(bundle)/prior_level_2.pth.tar"))
        for entry in top.entries {
            #expect(try opened.priors[2].tensor(named: entry.name) == (try top.tensor(entry)))
        }
        let manifest = try #require(try Golden.json("manifest.json")["files"] as? [[String: Any]])
        let expectedSHA =
            manifest.first { $0["file"] as? String == "pipeline_models/\(bundle)/prior_level_2.pth.tar" }?["sha256"]
            as? String
        #expect(opened.config.sources.first { $0.file == "prior_level_2.pth.tar" }?.sha256 == expectedSHA)

        // The labels hold the id files' entries.
        let version = bundle == "1b_lyrics" ? 3 : 2
        #expect(
            opened.labels.set(version: version)?.artists.first {
                $0.name == "alan_jackson" || $0.name == "alan jackson"
            }?.id == 1)
    }

    @Test func dtypeChoiceWidensHalfWeights() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let converter = BundleConverter(
            inputs: try Self.inputs(bundle: "5b_lyrics"),
            hyperparameters: .file(try Self.hyperparameterFile(top: "prior_5b_lyrics", in: folder)),
            labelsDirectory: Golden.path("pipeline_models/ids"), dtype: .f32)
        try converter.convert(to: folder.path("f32"))
        let opened = try ModelBundle(path: folder.path("f32"))
        #expect(opened.priors[2].entries.allSatisfy { $0.dtype == .float32 })
        let source = try TorchCheckpoint(path: Golden.path("pipeline_models/5b_lyrics/prior_level_2.pth.tar"))
        let name = "prior.transformer._attn_mods.0.attn.c_attn.w"
        #expect(try source.tensor(named: name).dtype == .float16)
        #expect(try opened.priors[2].tensor(named: name).floats() == (try source.tensor(named: name).floats()))
    }

    @Test func refusesWhatItCannotBuild() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let hparams = try Self.hyperparameterFile(top: "prior_5b_lyrics", in: folder)
        // Missing a level.
        let three = Array(try Self.inputs(bundle: "5b_lyrics").prefix(3))
        #expect(throws: BundleError.self) {
            try BundleConverter(
                inputs: three, hyperparameters: .file(hparams), labelsDirectory: Golden.path("pipeline_models/ids")
            )
            .convert(to: folder.path("a"))
        }
        // The official preset's shapes do not fit the small golden models: named tensor, nothing written.
        #expect {
            try BundleConverter(
                inputs: try Self.inputs(bundle: "5b_lyrics"), hyperparameters: .preset(.fiveBLyrics),
                labelsDirectory: Golden.path("pipeline_models/ids")
            ).convert(to: folder.path("b"))
        } throws: { error in
            guard case BundleError.shapeMismatch(_, let tensor, _, _)? = error as? BundleError else { return false }
            return !tensor.isEmpty
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path("b")))
        #expect(!FileManager.default.fileExists(atPath: folder.path("b.partial")))
        // No labels folder.
        #expect(throws: BundleError.self) {
            try BundleConverter(
                inputs: try Self.inputs(bundle: "5b_lyrics"), hyperparameters: .file(hparams),
                labelsDirectory: folder.path("none")
            )
            .convert(to: folder.path("c"))
        }
        // An input whose role cannot be told.
        #expect(throws: BundleError.self) { try ConversionInput.parse("/tmp/model.pth.tar") }
        #expect(try ConversionInput.parse("prior_level_1=/tmp/x.bin").role == .prior(level: 1))
    }
}
