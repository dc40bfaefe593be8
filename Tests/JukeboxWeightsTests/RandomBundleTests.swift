import Foundation
import JukeboxTestSupport
import JukeboxWeights
import Testing

/// Random-weight bundles: the tiny default and the same seed giving the same bytes.
struct RandomBundleTests {
    @Test func tinyBundleOpensAndIsDeterministic() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let config = TinyBundle.config(createdBy: "test")
        for name in ["a", "b"] {
            try RandomBundle.write(
                config: config, labels: TinyBundle.labels, to: folder.path(name), seed: 7, halfMatrices: .float16)
        }
        try RandomBundle.write(
            config: config, labels: TinyBundle.labels, to: folder.path("c"), seed: 8, halfMatrices: .float16)
        let bundle = try ModelBundle(path: folder.path("a"))
        #expect(bundle.config.trained == false)
        #expect(bundle.priors.count == 3)
        #expect(bundle.priors[2].entries.contains { $0.name.hasSuffix("c_enc_kv.w") && $0.dtype == .float16 })
        func bytes(_ bundle: String, _ file: String) throws -> Data {
            try Data(contentsOf: URL(fileURLWithPath: folder.path("\(bundle)/\(file)")))
        }
        for file in ["vqvae.safetensors", "prior_level_2.safetensors", "config.json", "labels.json"] {
            #expect(try bytes("a", file) == bytes("b", file), "\(file) differs for the same seed")
        }
        #expect(try bytes("a", "vqvae.safetensors") != bytes("c", "vqvae.safetensors"))
        #expect(throws: BundleError.outputExists(path: folder.path("a"))) {
            try RandomBundle.write(config: config, labels: TinyBundle.labels, to: folder.path("a"), seed: 7)
        }
    }

    /// `init-bundle --half bf16`: every prior's Conv1D matrices, the upsamplers' included, are
    /// bfloat16; everything else and the VQ-VAE stay float32.
    @Test func halfMatricesCoverEveryPrior() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        try RandomBundle.write(
            config: TinyBundle.config(createdBy: "test"), labels: TinyBundle.labels, to: folder.path("h"), seed: 3,
            halfMatrices: .bfloat16)
        let bundle = try ModelBundle(path: folder.path("h"))
        for prior in bundle.priors {
            #expect(prior.entries.contains { $0.name.hasSuffix(".w") })
            for entry in prior.entries {
                #expect(entry.dtype == (entry.name.hasSuffix(".w") ? .bfloat16 : .float32), "\(entry.name)")
            }
        }
        #expect(bundle.vqvae.entries.allSatisfy { $0.dtype == .float32 })
    }

    @Test func labelsThatDoNotFitAreRefused() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        var labels = TinyBundle.labels
        labels.sets[0].artists.append(LabelSet.Entry(name: "too_far", id: 99))
        #expect(throws: BundleError.self) {
            try RandomBundle.write(
                config: TinyBundle.config(createdBy: "test"), labels: labels, to: folder.path("x"), seed: 1)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path("x")))
    }
}
