import Foundation
import JukeboxWeights
import Testing

/// `jukeboxd convert` and `jukeboxd verify` run as processes, as a shell user would.
struct ConvertAndVerifyTests {
    static let golden = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/golden").standardizedFileURL.path

    static func golden(_ name: String) -> String { (golden as NSString).appendingPathComponent(name) }

    @Test func verifyPrintsOneLinePerCaseAndPassesTheGoldenFolder() throws {
        let result = try run(Binaries.jukeboxd, ["verify", Self.golden])
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("PASS checkpoint.") }.count == 4)
        #expect(lines.filter { $0.hasPrefix("PASS pipeline_") }.count == 6)
        #expect(lines.last == "16 passed, 0 failed, 0 skipped")
        #expect(result.status == 0, "\(result.stdout)")
    }

    @Test func verifyFailsOnAFolderWithAnUnknownKindOfCase() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "jukebox-verify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(#"{"case": "lyrics_alignment"}"#.utf8).write(
            to: folder.appendingPathComponent("lyrics_alignment.json"))
        let result = try run(Binaries.jukeboxd, ["verify", folder.path])
        #expect(result.stdout.hasPrefix("SKIP lyrics_alignment (unknown)"))
        #expect(result.status == 1)  // a SKIP is not success
    }

    @Test func convertWritesABundleAndRefusesToOverwriteIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "jukebox-convert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Hyper-parameters under the reference's names, from the models' description.
        let models =
            try #require(
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: Self.golden("pipeline_models/models.json"))))
                    as? [String: Any])["models"] as? [String: [String: Any]]
        let hparams: [String: Any] = [
            "vqvae": models?["vqvae"]?["preset"] as Any,
            "prior_level_0": models?["upsampler_level_0"]?["preset"] as Any,
            "prior_level_1": models?["upsampler_level_1"]?["preset"] as Any,
            "prior_level_2": models?["prior_1b_lyrics"]?["preset"] as Any,
        ]
        let hparamsPath = folder.appendingPathComponent("hparams.json").path
        try JSONSerialization.data(withJSONObject: hparams).write(to: URL(fileURLWithPath: hparamsPath))
        let out = folder.appendingPathComponent("tiny-1b").path
        let arguments = [
            "convert", "--out", out, "--hparams", hparamsPath, "--labels", Self.golden("pipeline_models/ids"),
            "--dtype", "bf16", "--untrained",
            Self.golden("pipeline_models/5b/vqvae.pth.tar"), Self.golden("pipeline_models/5b/prior_level_0.pth.tar"),
            Self.golden("pipeline_models/5b/prior_level_1.pth.tar"),
            Self.golden("pipeline_models/1b_lyrics/prior_level_2.pth.tar"),
        ]
        let first = try run(Binaries.jukeboxd, arguments)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("bundle 'tiny-1b' written"))
        #expect(first.stderr.contains("convert: 100%"))
        let bundle = try ModelBundle(path: out)
        #expect(bundle.config.trained == false)
        #expect(bundle.priors[2].entries.allSatisfy { $0.dtype == .bfloat16 })

        let again = try run(Binaries.jukeboxd, arguments)
        #expect(again.status == 65)
        #expect(again.stderr.contains("already exists"))

        // 16-bit priors beside a float32 VQ-VAE (as the trained default ships), and a summary line.
        var mixed = arguments
        mixed[2] = out + "-mixed"
        mixed[mixed.firstIndex(of: "bf16")!] = "f16"
        mixed.insert(contentsOf: ["--vqvae-dtype", "keep", "--summary", "a test bundle"], at: 9)
        let split = try run(Binaries.jukeboxd, mixed)
        #expect(split.status == 0, "\(split.stderr)")
        let splitBundle = try ModelBundle(path: out + "-mixed")
        #expect(splitBundle.vqvae.entries.allSatisfy { $0.dtype == .float32 })
        #expect(splitBundle.priors.allSatisfy { $0.entries.allSatisfy { $0.dtype == .float16 } })
        #expect(splitBundle.config.summary == "a test bundle")
        var unknown = mixed
        unknown[unknown.firstIndex(of: "keep")!] = "f8"
        unknown[2] = out + "-bad"
        let refused = try run(Binaries.jukeboxd, unknown)
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("unknown --vqvae-dtype 'f8'"))
    }

    /// `verify --weights` takes convert's weight types only.
    @Test func verifyRefusesAnUnknownWeightType() throws {
        let refused = try run(Binaries.jukeboxd, ["verify", "--weights", "f8", Self.golden])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("unknown --weights 'f8'"))
    }
}
