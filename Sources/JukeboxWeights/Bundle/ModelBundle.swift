import Foundation

/// An opened model bundle: its configuration, its labels, and its weights memory-mapped
/// (never copied at load).
///
/// Opening is strict: every tensor the configuration implies must be present with its
/// shape and a float type, and nothing else may be there; the first problem is thrown,
/// naming the file and tensor.
public final class ModelBundle: Sendable {
    /// The bundle folder.
    public let path: String
    /// `config.json`.
    public let config: BundleConfig
    /// `labels.json`.
    public let labels: BundleLabels
    /// `vqvae.safetensors`, mapped.
    public let vqvae: SafeTensorsReader
    /// `prior_level_L.safetensors`, mapped, indexed by level.
    public let priors: [SafeTensorsReader]

    /// Opens and checks the bundle in `path`.
    /// - Throws: `BundleError` (missing files, bad JSON, hyper-parameters, labels, or tensors
    ///   that do not match the configuration), `WeightsError` for damaged safetensors files.
    public init(path: String) throws {
        self.path = path
        let config: BundleConfig = try Self.decodeJSON(path, BundleConfig.FileName.config)
        try config.validate()
        let labels: BundleLabels = try Self.decodeJSON(path, BundleConfig.FileName.labels)
        try labels.validate(for: config)
        self.config = config
        self.labels = labels

        let vqvae = try Self.openWeights(path, BundleConfig.FileName.vqvae)
        try Self.check(vqvae, against: CheckpointSchema.vqvae(config.vqvae), file: BundleConfig.FileName.vqvae)
        self.vqvae = vqvae
        var priors: [SafeTensorsReader] = []
        for prior in config.priors {
            let name = BundleConfig.FileName.prior(level: prior.level)
            let reader = try Self.openWeights(path, name)
            try Self.check(reader, against: try CheckpointSchema.prior(prior, vqvae: config.vqvae), file: name)
            priors.append(reader)
        }
        self.priors = priors
    }

    /// Bytes of all weight files (what stays mapped while the bundle is resident).
    public var weightBytes: Int { ([vqvae] + priors).map(\.file.count).reduce(0, +) }

    /// Compares a weights file with the tensors a model needs.
    /// - Throws: `BundleError.missingTensor`, `.shapeMismatch`, `.wrongDType`, `.unexpectedTensor`.
    public static func check(_ reader: SafeTensorsReader, against expected: [ExpectedTensor], file: String)
        throws(BundleError)
    {
        try CheckpointSchema.check(expected, file: file, names: reader.names) { name in
            reader.entry(named: name).map { ($0.shape, $0.dtype) }
        }
    }

    private static func openWeights(_ folder: String, _ name: String) throws -> SafeTensorsReader {
        let full = (folder as NSString).appendingPathComponent(name)
        guard FileManager.default.isReadableFile(atPath: full) else { throw BundleError.missingFile(path: full) }
        return try SafeTensorsReader(path: full)
    }

    static func decodeJSON<T: Decodable>(_ folder: String, _ name: String) throws(BundleError) -> T {
        let full = (folder as NSString).appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: full) else { throw BundleError.missingFile(path: full) }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw BundleError.invalidFile(path: full, reason: error.readable)
        } catch {
            throw BundleError.invalidFile(path: full, reason: "\(error)")
        }
    }
}

extension DecodingError {
    /// "field a.b.c: what went wrong", for messages.
    var readable: String {
        func path(_ context: Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "top level" : keys.joined(separator: ".")
        }
        switch self {
        case .keyNotFound(let key, let context):
            return "\(path(context)): missing field \(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(self)"
        }
    }
}
