// Port of jukebox/sample.py (_sample, ancestral_sample, primed_sample, continue_sample, upsample)
// and jukebox/make_models.py (make_model) @ 08efbbc
import JukeboxModel
import JukeboxTensor
import JukeboxText
import JukeboxWeights

/// The models of one bundle and the driver that samples them level by level, top down
/// (`_sample`). Immutable and shareable; all per-job state lives in ``SamplingJob`` and the
/// values `run` creates.
public struct Pipeline: Sendable {
    /// The VQ-VAE (encode primers, decode results).
    public let vqvae: VQVAE
    /// The priors, `priors[level]` (the last one is the top prior).
    public let priors: [Prior]
    /// The labeller of each prior, `labellers[level]`.
    public let labellers: [Labeller]

    /// Assembles a pipeline from loaded models.
    /// - Parameters:
    ///   - vqvae: the VQ-VAE.
    ///   - priors: one prior per VQ-VAE level, `priors[level].hyperparameters.level == level`.
    ///   - labels: the bundle's label tables (each prior uses the set of its label version).
    /// - Throws: ``EngineError/invalidJob(reason:)`` when levels or label sets do not match;
    ///   `TextError` from the labellers.
    public init(vqvae: VQVAE, priors: [Prior], labels: BundleLabels) throws {
        guard priors.count == vqvae.hyperparameters.levels,
            priors.enumerated().allSatisfy({ $0.element.hyperparameters.level == $0.offset })
        else {
            throw EngineError.invalidJob(reason: "need one prior per VQ-VAE level, in level order")
        }
        let hops = vqvae.hopLengths
        self.vqvae = vqvae
        self.priors = priors
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
        try self.init(vqvae: vqvae, priors: priors, labels: bundle.labels)
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

    /// Runs a job: starting tokens by mode, then every sampled level top down, each decoded
    /// after it is sampled when the job asks for audio.
    ///
    /// - Parameters:
    ///   - job: the job.
    ///   - generator: source of the categorical draws.
    ///   - onWindow: called after every window of every level; throwing stops the job.
    ///   - onToken: called after every sampled token with (completed, total) of the current prior call.
    ///   - onWindowState: called after every window with the report, every level's tokens so far
    ///     and a copy of the generator: what a ``JobCheckpoint`` saves so the job can resume.
    /// - Throws: ``EngineError`` for a job that does not fit the models; model and label errors;
    ///   whatever the callbacks throw.
    public func run<G: RandomNumberGenerator>(
        _ job: SamplingJob, using generator: inout G, onWindow: ((WindowReport) throws -> Void)? = nil,
        onToken: ((_ completed: Int, _ total: Int) throws -> Void)? = nil,
        onWindowState: ((WindowReport, [[[Int]]], G) throws -> Void)? = nil
    ) throws -> SamplingResult {
        let hops = vqvae.hopLengths
        let takes = job.takes
        guard takes > 0, job.labels.count == levels, job.labels.allSatisfy({ $0.count == takes }) else {
            throw EngineError.invalidJob(reason: "need labels for every take at each of the \(levels) levels")
        }
        guard job.settings.count == levels else {
            throw EngineError.invalidJob(reason: "need settings for each of the \(levels) levels")
        }
        for settings in job.settings { try settings.validate() }
        guard job.sampleLength > 0, job.sampleLength % hops[levels - 1] == 0 else {
            throw EngineError.invalidJob(
                reason:
                    "sample length \(job.sampleLength) is not a positive multiple of the top hop \(hops[levels - 1])")
        }
        var codes: [[[Int]]]
        var sampled = Array(0..<levels)
        switch job.mode {
        case .ancestral:
            codes = Array(repeating: Array(repeating: [], count: takes), count: levels)
        case .primed(let audio):
            guard audio.rank == 3, audio.shape[0] == takes else {
                throw EngineError.invalidJob(reason: "the primer must be (\(takes), 1, time), got \(audio.shape)")
            }
            codes = try vqvae.encode(audio, levels: Array(0..<levels))
        case .continuation(let given):
            codes = try checked(given, takes: takes)
        case .upsample(let given):
            codes = try checked(given, takes: takes)
            sampled.removeLast()
        }
        var audio = [Tensor?](repeating: nil, count: levels)
        for level in sampled.reversed() {
            let sampler = try sampler(level: level, settings: job.settings[level])
            try sampler.run(
                codes: &codes, labels: job.labels[level], totalTokens: job.sampleLength / hops[level],
                using: &generator, onWindow: onWindow, onToken: onToken, afterWindow: onWindowState)
            if job.decodeLevels { audio[level] = try vqvae.decode(codes[level], level: level) }
        }
        return SamplingResult(codes: codes, audio: audio)
    }

    /// Given codes with one row per take at every level, rows of a level equally long.
    private func checked(_ codes: [[[Int]]], takes: Int) throws(EngineError) -> [[[Int]]] {
        guard codes.count == levels else {
            throw EngineError.invalidJob(reason: "given codes have \(codes.count) levels, the models \(levels)")
        }
        for (level, rows) in codes.enumerated() {
            guard rows.count == takes else {
                throw EngineError.invalidCodes(level: level, reason: "\(rows.count) rows for \(takes) takes")
            }
            guard rows.allSatisfy({ $0.count == rows[0].count }) else {
                throw EngineError.invalidCodes(level: level, reason: "token rows have different lengths")
            }
        }
        return codes
    }
}
