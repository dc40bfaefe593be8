import Foundation
import JukeboxVerify
import Testing

/// `jukeboxd verify` logic on the shared golden folder and on altered copies of it.
struct GoldenVerifierTests {
    static let golden = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/golden").standardizedFileURL.path

    static let implemented: Set<String> = ["checkpoint", "vqvae", "prior", "text", "pipeline"]

    @Test func everyGoldenCasePasses() throws {
        let results = try GoldenVerifier(directory: Self.golden).run()
        let checkpoints = results.filter { $0.kind == "checkpoint" }
        #expect(checkpoints.count == 4)
        for result in checkpoints {
            #expect(result.status == .pass, "\(result)")
            #expect(result.maxError == 0)
        }
        let vqvae = try #require(results.first { $0.kind == "vqvae" })
        #expect(vqvae.status == .pass, "\(vqvae)")
        #expect((vqvae.maxError ?? 1) <= 1e-4)
        let text = try #require(results.first { $0.kind == "text" })
        #expect(text.status == .pass, "\(text)")
        #expect(text.detail.hasPrefix("71 cases exact"))
        let pipelines = results.filter { $0.kind == "pipeline" }
        #expect(pipelines.count == 6)
        for result in pipelines {
            #expect(result.status == .pass, "\(result)")
        }
        #expect(results.count == 16)
        let priors = results.filter { $0.kind == "prior" }
        #expect(priors.count == 4)
        for result in priors {
            #expect(result.status == .pass, "\(result)")
            #expect((result.maxError ?? 1) <= 2e-4)
        }
        // Nothing that is not implemented may pass.
        for result in results where !Self.implemented.contains(result.kind) {
            #expect(result.status == .skip, "\(result)")
        }
        #expect(results.first?.description.hasPrefix("PASS checkpoint.") == true)
    }

    /// A copy of the checkpoint case whose twin has one flipped mantissa bit fails, naming
    /// the tensor and the difference.
    @Test func aChangedTensorFails() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "jukebox-verify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for file in [
            "checkpoint.json", "checkpoint.prior_upsampler_l1.legacy.pth.tar",
            "checkpoint.prior_upsampler_l1.safetensors",
        ] {
            try FileManager.default.copyItem(
                atPath: (Self.golden as NSString).appendingPathComponent(file),
                toPath: folder.appendingPathComponent(file).path)
        }
        // Keep only the upsampler entry in the case.
        let caseURL = folder.appendingPathComponent("checkpoint.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: caseURL)) as? [String: Any])
        json["files"] = (json["files"] as? [[String: Any]])?.filter {
            ($0["file"] as? String)?.contains("upsampler") == true
        }
        try JSONSerialization.data(withJSONObject: json).write(to: caseURL)
        #expect(try GoldenVerifier(directory: folder.path).run().map(\.status) == [.pass])

        // Flip the lowest bit of the last byte of the data (a float32 mantissa bit).
        let twin = folder.appendingPathComponent("checkpoint.prior_upsampler_l1.safetensors")
        var bytes = try Data(contentsOf: twin)
        bytes[bytes.count - 4] ^= 0x01
        try bytes.write(to: twin)
        let results = try GoldenVerifier(directory: folder.path).run()
        #expect(results.count == 1)
        #expect(results[0].status == .fail)
        #expect(results[0].detail.contains("1 tensors differ"))
        #expect((results[0].maxError ?? 0) > 0 && (results[0].maxError ?? 1) < 1e-3)
    }

    @Test func anEmptyFolderHasNoCases() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "jukebox-verify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try GoldenVerifier(directory: folder.path).run().isEmpty)
        #expect(throws: (any Error).self) { try GoldenVerifier(directory: folder.path + "/missing").run() }
    }
}
