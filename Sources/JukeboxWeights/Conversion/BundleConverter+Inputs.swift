import Foundation

extension BundleConverter {
    /// The hyper-parameters of the VQ-VAE and of each prior level, from the chosen source.
    func resolveHyperparameters(_ checkpoints: [ConversionInput.Role: TorchCheckpoint]) throws
        -> (VQVAEHyperparameters, [PriorHyperparameters])
    {
        switch hyperparameters {
        case .preset(let preset):
            return (preset.vqvae, preset.priors)
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw BundleError.missingFile(path: path)
            }
            return try decodeHyperparameterFile(data, path: path)
        case .checkpoints:
            var parts: [String: Any] = [:]
            for (role, checkpoint) in checkpoints {
                guard let hps = checkpoint.hyperparameters, case .dict = hps else {
                    throw BundleError.invalidFile(
                        path: checkpoint.path,
                        reason: "stores no hyper-parameters ('hps'); give --preset or --hparams")
                }
                parts[role.description] = hps.jsonObject
            }
            let data = try JSONSerialization.data(withJSONObject: parts)
            return try decodeHyperparameterFile(data, path: "the checkpoints' stored hps")
        }
    }

    private func decodeHyperparameterFile(_ data: Data, path: String) throws -> (
        VQVAEHyperparameters, [PriorHyperparameters]
    ) {
        struct File: Decodable {
            var vqvae: VQVAEHyperparameters
            var prior0: PriorHyperparameters
            var prior1: PriorHyperparameters
            var prior2: PriorHyperparameters
            enum CodingKeys: String, CodingKey {
                case vqvae
                case prior0 = "prior_level_0"
                case prior1 = "prior_level_1"
                case prior2 = "prior_level_2"
            }
        }
        do {
            let file = try JSONDecoder().decode(File.self, from: data)
            return (file.vqvae, [file.prior0, file.prior1, file.prior2])
        } catch let error as DecodingError {
            throw BundleError.invalidFile(path: path, reason: error.readable)
        }
    }

    /// Reads the id files the priors' label versions need from `labelsDirectory`.
    func readLabels(for config: BundleConfig) throws -> BundleLabels {
        BundleLabels(
            sets: try config.labelVersions.sorted().map { version throws(BundleError) in
                try LabelSet.read(version: version, directory: labelsDirectory)
            })
    }

    /// Compares a checkpoint's state dict with the tensors its model needs (any float type).
    static func check(_ checkpoint: TorchCheckpoint, against expected: [ExpectedTensor], file: String)
        throws(BundleError)
    {
        try CheckpointSchema.check(
            expected, file: file, names: checkpoint.names, accepted: [.float32, .float16, .bfloat16, .float64]
        ) { name in
            checkpoint.entry(named: name).map { ($0.reference.shape, $0.reference.dtype) }
        }
    }

    /// Name, size and SHA-256 of an input, read in 4 MiB pieces.
    static func describeSource(_ path: String) throws -> BundleConfig.SourceFile {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw BundleError.missingFile(path: path) }
        defer { try? handle.close() }
        var hash = SHA256()
        var bytes = 0
        while let chunk = try handle.read(upToCount: 4 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { hash.update($0) }
            bytes += chunk.count
        }
        return BundleConfig.SourceFile(
            file: URL(fileURLWithPath: path).lastPathComponent, bytes: bytes, sha256: hash.hexDigest())
    }

    /// Writes `value` as pretty, key-sorted JSON.
    static func writeJSON<T: Encodable>(_ value: T, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(value).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
