/// A bundle's `config.json`: what the model is, how it was made, and every
/// hyper-parameter of every level under the reference's names. Documented in
/// jukeboxd-bundle(5).
public struct BundleConfig: Codable, Sendable, Equatable {
    /// The only layout this release reads and writes.
    public static let currentFormatVersion = 1

    /// Layout version of the bundle folder (`format_version`).
    public var formatVersion: Int
    /// Short name shown by `models` (e.g. `5b_lyrics`, `tiny`).
    public var name: String
    /// One line for people.
    public var summary: String
    /// False for random-weight bundles made for testing: they sound like noise.
    public var trained: Bool
    /// The VQ-VAE.
    public var vqvae: VQVAEHyperparameters
    /// The priors, one per level, `priors[L].level == L`.
    public var priors: [PriorHyperparameters]
    /// The files the bundle was converted from, with their checksums.
    public var sources: [SourceFile]
    /// The program that wrote the bundle (`jukeboxd 0.1.0`).
    public var createdBy: String

    /// One input of a conversion.
    public struct SourceFile: Codable, Sendable, Equatable {
        /// The file's name as given to `convert` (no folders).
        public var file: String
        /// Its size in bytes.
        public var bytes: Int
        /// Lower-case hex SHA-256 of its contents.
        public var sha256: String

        public init(file: String, bytes: Int, sha256: String) {
            self.file = file
            self.bytes = bytes
            self.sha256 = sha256
        }
    }

    enum CodingKeys: String, CodingKey {
        case name, summary, trained, vqvae, priors, sources
        case formatVersion = "format_version"
        case createdBy = "created_by"
    }

    public init(
        name: String, summary: String, trained: Bool, vqvae: VQVAEHyperparameters, priors: [PriorHyperparameters],
        sources: [SourceFile], createdBy: String
    ) {
        self.formatVersion = Self.currentFormatVersion
        self.name = name
        self.summary = summary
        self.trained = trained
        self.vqvae = vqvae
        self.priors = priors
        self.sources = sources
        self.createdBy = createdBy
    }

    /// Audio sample rate of every level, in Hz.
    public var sampleRateHz: Int { vqvae.sr }

    /// The label versions the priors use (2, 3 or both).
    public var labelVersions: Set<Int> { Set(priors.filter(\.labels).map(\.labelVersion)) }

    /// File names inside the bundle folder.
    public enum FileName {
        public static let config = "config.json"
        public static let labels = "labels.json"
        public static let vqvae = "vqvae.safetensors"
        public static func prior(level: Int) -> String { "prior_level_\(level).safetensors" }
    }

    /// Checks the whole configuration: the format version, each model, and that the levels
    /// fit together.
    /// - Throws: `BundleError.invalidHyperparameters` or `.unsupportedFormat`.
    public func validate() throws(BundleError) {
        guard formatVersion == Self.currentFormatVersion else {
            throw BundleError.unsupportedFormat(found: formatVersion, supported: Self.currentFormatVersion)
        }
        try vqvae.validate()
        guard priors.count == vqvae.levels else {
            throw BundleError.invalidHyperparameters(
                model: name, field: "priors", reason: "needs one prior per VQ-VAE level (\(vqvae.levels))")
        }
        for (level, prior) in priors.enumerated() {
            try prior.validate()
            guard prior.level == level else {
                throw BundleError.invalidHyperparameters(
                    model: name, field: "priors[\(level)].level", reason: "is \(prior.level), expected \(level)")
            }
            guard prior.sr == vqvae.sr else {
                throw BundleError.invalidHyperparameters(
                    model: "prior level \(level)", field: "sr",
                    reason: "\(prior.sr) differs from the VQ-VAE's \(vqvae.sr)")
            }
        }
    }
}
