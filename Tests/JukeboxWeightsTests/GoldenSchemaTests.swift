import Foundation
import JukeboxTestSupport
import JukeboxWeights
import Testing

/// The `hps` member of a golden case file.
struct CaseHyperparameters<H: Decodable>: Decodable {
    var hps: H
}

/// The reference's own weight files (`<case>.weights.safetensors`) hold exactly the tensors
/// the schema derives from each case's hyper-parameters: same keys, same shapes.
struct GoldenSchemaTests {
    /// Decodes the case's `hps` (the reference's complete hyper-parameter dictionary).
    static func hyperparameters<T: Decodable>(_ type: T.Type, case name: String) throws -> T {
        let data = try Data(contentsOf: Golden.directory.appendingPathComponent("\(name).json"))
        return try JSONDecoder().decode(CaseHyperparameters<T>.self, from: data).hps
    }

    static func compare(_ expected: [ExpectedTensor], file: String) throws {
        let reader = try SafeTensorsReader(path: Golden.path(file))
        // safetensors files list tensors sorted, so compare as sets; tied x_out is written as
        // its own copy in these files, as in the bundles.
        let names = Set(reader.entries.map(\.name))
        let schema = Set(expected.map(\.name))
        #expect(names.subtracting(schema).sorted() == [], "\(file): tensors the schema lacks")
        #expect(schema.subtracting(names).sorted() == [], "\(file): tensors the file lacks")
        #expect(reader.entries.count == expected.count)
        for tensor in expected {
            if let entry = reader.entry(named: tensor.name), entry.shape != tensor.shape {
                Issue.record("\(file): \(tensor.name) is \(entry.shape), schema says \(tensor.shape)")
            }
        }
        try ModelBundle.check(reader, against: expected, file: file)
    }

    @Test func vqvaeCase() throws {
        let hp = try Self.hyperparameters(VQVAEHyperparameters.self, case: "vqvae")
        try hp.validate()
        #expect(hp.hopLengths == [8, 32, 128])
        try Self.compare(CheckpointSchema.vqvae(hp), file: "vqvae.weights.safetensors")
    }

    @Test(arguments: ["prior_top_5b", "prior_top_1b", "prior_upsampler_l1", "prior_upsampler_l0"])
    func priorCase(name: String) throws {
        let vqvae = try Self.hyperparameters(VQVAEHyperparameters.self, case: "vqvae")
        let prior = try Self.hyperparameters(PriorHyperparameters.self, case: name)
        try prior.validate()
        try Self.compare(try CheckpointSchema.prior(prior, vqvae: vqvae), file: "\(name).weights.safetensors")
    }

    @Test func strictCheckNamesTheProblem() throws {
        let vqvae = try Self.hyperparameters(VQVAEHyperparameters.self, case: "vqvae")
        let reader = try SafeTensorsReader(path: Golden.path("vqvae.weights.safetensors"))
        var schema = CheckpointSchema.vqvae(vqvae)

        var wrongShape = schema
        wrongShape[3].shape = [7]
        #expect(
            throws: BundleError.shapeMismatch(file: "v", tensor: schema[3].name, expected: [7], actual: schema[3].shape)
        ) {
            try ModelBundle.check(reader, against: wrongShape, file: "v")
        }
        var missing = schema
        missing.append(ExpectedTensor("decoders.9.out.weight", [1]))
        #expect(throws: BundleError.missingTensor(file: "v", tensor: "decoders.9.out.weight", expectedShape: [1])) {
            try ModelBundle.check(reader, against: missing, file: "v")
        }
        let last = schema.removeLast()
        #expect(throws: BundleError.unexpectedTensor(file: "v", tensor: last.name)) {
            try ModelBundle.check(reader, against: schema, file: "v")
        }
    }
}
