// Port of jukebox/sample.py (_sample, ancestral_sample, primed_sample, continue_sample, upsample)
// and jukebox/make_models.py (make_model) @ 08efbbc
import JukeboxModel
import JukeboxTensor
import JukeboxText
import JukeboxWeights

/// The models of one bundle and the driver that samples them level by level, top down
/// (``sample(_:state:hooks:)``, `_sample`). Immutable and shareable; all per-job state lives in
/// ``SamplingPlan`` and ``SamplingState``.
public struct Pipeline: Sendable {
    /// The VQ-VAE (encode primers, decode results).
    public let vqvae: VQVAE
    /// The priors, `priors[level]` (the last one is the top prior).
    public let priors: [Prior]
    /// The labeller of each prior, `labellers[level]`.
    public let labellers: [Labeller]
    /// The models' mapped files, for keeping only the model in use resident.
    public let weightFiles: WeightFiles

    /// Assembles a pipeline from loaded models.
    /// - Parameters:
    ///   - vqvae: the VQ-VAE.
    ///   - priors: one prior per VQ-VAE level, `priors[level].hyperparameters.level == level`.
    ///   - labels: the bundle's label tables (each prior uses the set of its label version).
    ///   - weightFiles: the files the models' weights are mapped from (none: built in memory).
    /// - Throws: ``EngineError/invalidJob(reason:)`` when levels or label sets do not match;
    ///   `TextError` from the labellers.
    public init(vqvae: VQVAE, priors: [Prior], labels: BundleLabels, weightFiles: WeightFiles? = nil) throws {
        guard priors.count == vqvae.hyperparameters.levels,
            priors.enumerated().allSatisfy({ $0.element.hyperparameters.level == $0.offset })
        else {
            throw EngineError.invalidJob(reason: "need one prior per VQ-VAE level, in level order")
        }
        let hops = vqvae.hopLengths
        self.vqvae = vqvae
        self.priors = priors
        self.weightFiles = weightFiles ?? WeightFiles(levels: priors.count)
        self.labellers = try priors.enumerated().map { level, prior in
            let hp = prior.hyperparameters
            guard let set = labels.set(version: hp.labelVersion) else {
                throw EngineError.invalidJob(reason: "the bundle has no v\(hp.labelVersion) labels for level \(level)")
            }
            return try Labeller(prior: hp, labels: set, sampleLength: hp.nCtx * hops[level])
        }
    }

    /// Loads every model of a bundle (`make_model`).
    /// - Throws: `ModelError` / `BundleError` for missing or misshapen weights; as ``init(vqvae:priors:labels:)``.
    public init(bundle: ModelBundle) throws {
        let config = bundle.config
        let vqvae = try VQVAE(config.vqvae, weights: WeightStore(bundle.vqvae))
        let priors = try zip(bundle.priors, config.priors).map { reader, hp in
            try Prior(weights: WeightStore(reader), hyperparameters: hp, vqvae: config.vqvae)
        }
        try self.init(vqvae: vqvae, priors: priors, labels: bundle.labels, weightFiles: WeightFiles(bundle: bundle))
    }

    /// Levels, bottom (0) to top.
    public var levels: Int { priors.count }

    /// The shortest song the top prior's timing labels take (`min_duration`), in raw samples;
    /// shorter songs are labelled with this length.
    public var minimumSongLength: Int {
        Int(((priors[levels - 1].hyperparameters.minDuration ?? 0) * Double(vqvae.hyperparameters.sr)).rounded(.up))
    }

    /// One take's labels for every level (`Labeller.get_batch_labels` per prior).
    /// - Parameters:
    ///   - artist, genre: names as the user gives them.
    ///   - lyrics: raw lyrics.
    ///   - totalLength: song length in raw samples.
    ///   - offset: start of the generated audio within the song, in raw samples.
    ///   - unknown: whether names missing from a table are errors (default) or id 0 as in the reference.
    /// - Returns: `labels[level]`.
    /// - Throws: `TextError` for unknown names or out-of-range values.
    public func label(
        artist: String, genre: String, lyrics: String, totalLength: Int, offset: Int,
        unknown: LabelLookup.UnknownNames = .reject
    ) throws -> [Labeller.Label] {
        try labellers.map {
            try $0.label(
                artist: artist, genre: genre, lyrics: lyrics, totalLength: totalLength, offset: offset,
                unknown: unknown)
        }
    }

    /// A sampler for `level` with `settings`.
    /// - Throws: ``EngineError/invalidJob(reason:)``.
    public func sampler(level: Int, settings: LevelSettings) throws(EngineError) -> LevelSampler {
        let hops = vqvae.hopLengths
        let ratio = level + 1 < levels ? hops[level + 1] / hops[level] : nil
        return try LevelSampler(
            prior: priors[level], labeller: labellers[level], upperDownsample: ratio, settings: settings)
    }
}
