/// A bundle's `labels.json`: the artist/genre tables and lyric vocabulary of each label
/// version its priors use. Documented in jukeboxd-bundle(5).
public struct BundleLabels: Codable, Sendable, Equatable {
    /// Layout version of this file (`format_version`).
    public var formatVersion: Int
    /// One set per label version, in ascending version order.
    public var sets: [LabelSet]

    enum CodingKeys: String, CodingKey {
        case sets
        case formatVersion = "format_version"
    }

    public init(sets: [LabelSet]) {
        self.formatVersion = BundleConfig.currentFormatVersion
        self.sets = sets.sorted { $0.version < $1.version }
    }

    /// The set of `version`, if the bundle has it.
    public func set(version: Int) -> LabelSet? { sets.first { $0.version == version } }

    /// Checks every prior finds its label version with ids inside its tables.
    /// - Throws: `BundleError.invalidLabels`.
    public func validate(for config: BundleConfig) throws(BundleError) {
        for prior in config.priors where prior.labels {
            guard let set = set(version: prior.labelVersion) else {
                throw BundleError.invalidLabels(
                    reason: "prior level \(prior.level) uses v\(prior.labelVersion) labels, which labels.json lacks")
            }
            try set.validate(genreRows: prior.yBins[0], artistRows: prior.yBins[1], vocabularySize: prior.nVocab)
        }
    }
}
