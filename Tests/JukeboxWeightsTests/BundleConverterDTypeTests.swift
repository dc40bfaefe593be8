import Foundation
import JukeboxTensor
import JukeboxTestSupport
import JukeboxWeights
import Testing

/// The weight types `convert` writes: 16-bit prior matrices by default for the official
/// presets, float32 on request, and exactly what each choice promises tensor by tensor.
struct BundleConverterDTypeTests {
    @Test func officialPresetsDefaultToSixteenBitMatrices() {
        for preset in ModelPreset.allCases {
            let converter = BundleConverter(inputs: [], hyperparameters: .preset(preset), labelsDirectory: ".")
            #expect(converter.dtype == .bf16Matrices, "\(preset)")
            let f32 = BundleConverter(inputs: [], hyperparameters: .preset(preset), labelsDirectory: ".", dtype: .f32)
            #expect(f32.dtype == .f32)
        }
        #expect(BundleConverter(inputs: [], hyperparameters: .checkpoints, labelsDirectory: ".").dtype == .keep)
        #expect(BundleConverter(inputs: [], hyperparameters: .file("h.json"), labelsDirectory: ".").dtype == .keep)
    }

    @Test func bf16MatricesTargets() {
        let choice = WeightDTypeChoice.bf16Matrices
        let matrix = "prior.transformer._attn_mods.0.attn.c_attn.w"
        #expect(choice.target(for: .float32, tensor: matrix) == .bfloat16)
        #expect(choice.target(for: .float16, tensor: matrix) == .float16)
        #expect(choice.target(for: .float32, tensor: matrix, fp16Params: true) == .float16)
        #expect(choice.target(for: .float32, tensor: "prior.transformer._attn_mods.0.attn.c_attn.b") == .float32)
        #expect(choice.target(for: .float32, tensor: "prior.x_out.weight") == .float32)
        #expect(choice.target(for: .float32, tensor: "encoder.model.0.0.weight") == .float32)
        #expect(choice.target(for: .int64, tensor: "steps.w") == .int64)
        #expect(WeightDTypeChoice(rawValue: "bf16-matrices") == .bf16Matrices)
    }

    /// A float32 copy of a golden pipeline model (a legacy torch file, one storage per tensor),
    /// like a checkpoint re-saved or trained in float32.
    static func float32Copy(of file: String, in folder: TemporaryDirectory) throws -> String {
        let checkpoint = try TorchCheckpoint(path: Golden.path("pipeline_models/\(file)"))
        let tensors = try checkpoint.entries.map { entry in (entry.name, try checkpoint.tensor(entry)) }
        var storages: [(key: String, count: Int, bytes: [UInt8])] = []
        let object = PickleBuilder.checkpointObject(step: 0) { builder in
            for (index, (name, tensor)) in tensors.enumerated() {
                let floats = try! tensor.floats()  // every golden tensor is float16 or float32
                let strides = tensor.shape.indices.map { tensor.shape[($0 + 1)...].reduce(1, *) }
                builder.string(name)
                builder.tensor(
                    storageClass: "FloatStorage", key: "\(index)", numel: floats.count, offset: 0, shape: tensor.shape,
                    stride: strides)
                storages.append(("\(index)", floats.count, floats.withUnsafeBytes { Array($0) }))
            }
        }
        let path = folder.path(file.replacingOccurrences(of: "/", with: "-"))
        try Data(PickleBuilder.legacyFile(object: object, storages: storages)).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The presets' default on float32 checkpoints: every prior's Conv1D matrix becomes
    /// bfloat16 rounded to nearest (float16 for the 5b-style top, whose `fp16_params` runs them
    /// in float16); every other tensor and the whole VQ-VAE stay float32, unchanged.
    @Test(arguments: [("5b_lyrics", "prior_5b_lyrics"), ("1b_lyrics", "prior_1b_lyrics")])
    func bf16MatricesHalvesFloat32Matrices(bundle: String, top: String) throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let files = ["5b/prior_level_0.pth.tar", "5b/prior_level_1.pth.tar", "\(bundle)/prior_level_2.pth.tar"]
        let copies = try files.map { try Self.float32Copy(of: $0, in: folder) }
        let inputs =
            [try ConversionInput.parse(Golden.path("pipeline_models/5b/vqvae.pth.tar"))]
            + copies.enumerated().map { ConversionInput(path: $1, role: .prior(level: $0)) }
        let converter = BundleConverter(
            inputs: inputs, hyperparameters: .file(try BundleConverterTests.hyperparameterFile(top: top, in: folder)),
            labelsDirectory: Golden.path("pipeline_models/ids"), dtype: .bf16Matrices)
        try converter.convert(to: folder.path("half"))
        let opened = try ModelBundle(path: folder.path("half"))
        var halved = 0
        for (level, copy) in copies.enumerated() {
            let source = try TorchCheckpoint(path: copy)
            let fp16 = opened.config.priors[level].fp16Params
            #expect(fp16 == (level == 2 && bundle == "5b_lyrics"))
            for entry in source.entries {
                let original = try source.tensor(entry)
                #expect(original.dtype == .float32)
                let written = try opened.priors[level].tensor(named: entry.name)
                if entry.name.hasSuffix(".w") {
                    #expect(written.dtype == (fp16 ? .float16 : .bfloat16), "\(entry.name)")
                    let rounded = try original.floats().map {
                        fp16
                            ? HalfFloat.float(fromFloat16Bits: HalfFloat.float16Bits(from: $0))
                            : HalfFloat.float(fromBFloat16Bits: HalfFloat.bfloat16Bits(from: $0))
                    }
                    #expect(try written.floats() == rounded, "\(entry.name)")
                    halved += 1
                } else {
                    #expect(written == original, "\(entry.name)")
                }
            }
        }
        #expect(halved > 0)
        let vqvae = try TorchCheckpoint(path: Golden.path("pipeline_models/5b/vqvae.pth.tar"))
        for entry in vqvae.entries {
            #expect(try opened.vqvae.tensor(named: entry.name) == (try vqvae.tensor(entry)), "\(entry.name)")
        }
        #expect(opened.vqvae.entries.allSatisfy { $0.dtype == .float32 })
    }

    /// Matrices already stored in float16 (as in the golden pipeline models and, by their
    /// sizes, the official checkpoints) stay float16 bit for bit: bfloat16 would only drop bits.
    @Test func bf16MatricesKeepsFloat16Matrices() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let converter = BundleConverter(
            inputs: try BundleConverterTests.inputs(bundle: "1b_lyrics"),
            hyperparameters: .file(try BundleConverterTests.hyperparameterFile(top: "prior_1b_lyrics", in: folder)),
            labelsDirectory: Golden.path("pipeline_models/ids"), dtype: .bf16Matrices)
        try converter.convert(to: folder.path("half"))
        let opened = try ModelBundle(path: folder.path("half"))
        let files = ["5b/prior_level_0.pth.tar", "5b/prior_level_1.pth.tar", "1b_lyrics/prior_level_2.pth.tar"]
        for (level, file) in files.enumerated() {
            let source = try TorchCheckpoint(path: Golden.path("pipeline_models/\(file)"))
            for entry in source.entries {
                #expect(try opened.priors[level].tensor(named: entry.name) == (try source.tensor(entry)))
            }
            #expect(source.entries.contains { $0.name.hasSuffix(".w") && $0.reference.dtype == .float16 })
        }
    }

    /// `--dtype f32` writes every tensor of every file as float32, widening the 5b top's
    /// float16 matrices exactly.
    @Test func f32WritesFloat32Everywhere() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let converter = BundleConverter(
            inputs: try BundleConverterTests.inputs(bundle: "5b_lyrics"),
            hyperparameters: .file(try BundleConverterTests.hyperparameterFile(top: "prior_5b_lyrics", in: folder)),
            labelsDirectory: Golden.path("pipeline_models/ids"), dtype: .f32)
        try converter.convert(to: folder.path("f32"))
        let opened = try ModelBundle(path: folder.path("f32"))
        for reader in [opened.vqvae] + opened.priors {
            #expect(reader.entries.allSatisfy { $0.dtype == .float32 })
        }
    }
}
