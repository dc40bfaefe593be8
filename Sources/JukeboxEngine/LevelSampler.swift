// Port of jukebox/sample.py (sample_level, sample_single_window, sample_partial_window),
// jukebox/prior/prior.py (SimplePrior.get_y, get_z_conds) and jukebox/utils/sample_utils.py
// (split_batch) @ 08efbbc
import JukeboxModel
import JukeboxText

/// What a level reports after each window it visited (sampled or skipped).
public struct WindowReport: Sendable, Equatable {
    /// The level the window belongs to.
    public var level: Int
    /// Position of the window in the level's schedule, from 0.
    public var index: Int
    /// Windows in the level's schedule.
    public var count: Int
    /// The window as planned.
    public var window: SamplingWindow
    /// Label vector of every take as passed to the prior (empty for skipped windows).
    public var labels: [[Int]]
    /// Takes per prior call (`split_batch`; empty for skipped windows).
    public var batchSplits: [Int]
    /// The new tokens of every take as drawn in the transformer's vocabulary, before
    /// post-processing (for 1b_lyrics music ids are shifted by n_vocab and lyric ids are kept;
    /// the stored tokens map them to 0). Empty for skipped windows.
    public var rawTokens: [[Int]]
}

/// Samples the windows of one level for a batch of takes (`sample_level`), re-priming the
/// prior from scratch in every window with the tokens already present.
public struct LevelSampler: Sendable {
    /// The level's prior.
    public let prior: Prior
    /// The labeller of the level's prior (window labels).
    public let labeller: Labeller
    /// Upper-level tokens per token of this level (`cond_downsample`); `nil` at the top.
    public let upperDownsample: Int?
    /// Sampling settings of the level.
    public let settings: LevelSettings

    /// A sampler for one level.
    /// - Parameters:
    ///   - prior: the level's prior.
    ///   - labeller: its labeller (same prior hyper-parameters).
    ///   - upperDownsample: hop of the level above divided by this level's hop; `nil` for the top prior.
    ///   - settings: the level's settings.
    /// - Throws: ``EngineError/invalidJob(reason:)`` for bad settings or an upsampler without a ratio.
    public init(prior: Prior, labeller: Labeller, upperDownsample: Int?, settings: LevelSettings) throws(EngineError) {
        try settings.validate()
        let hp = prior.hyperparameters
        guard hp.hasUpperLevel == (upperDownsample != nil) else {
            throw EngineError.invalidJob(reason: "level \(hp.level): an upsampler needs the upper level's ratio")
        }
        if let upperDownsample, upperDownsample <= 0 || hp.nCtx % upperDownsample != 0 {
            throw EngineError.invalidJob(
                reason: "level \(hp.level): n_ctx \(hp.nCtx) is not a multiple of the upper ratio \(upperDownsample)")
        }
        self.prior = prior
        self.labeller = labeller
        self.upperDownsample = upperDownsample
        self.settings = settings
    }

    /// The level this sampler works on.
    public var level: Int { prior.hyperparameters.level }

    /// The level's plan for `totalTokens` tokens with `existingTokens` already present.
    /// - Throws: ``EngineError/invalidSchedule(reason:)``.
    public func schedule(
        totalTokens: Int, existingTokens: Int, lengths: LengthRule = .asked
    ) throws(EngineError) -> WindowSchedule {
        let nCtx = prior.hyperparameters.nCtx
        return try WindowSchedule(
            totalTokens: totalTokens, contextLength: nCtx, hopLength: settings.hopLength(contextLength: nCtx),
            existingTokens: existingTokens, lengths: lengths)
    }

    /// Label vectors of the window starting at token `start` (`get_y`: offset advanced by
    /// `start * raw_to_tokens`, window length, lyric window in float32), one per take.
    /// - Throws: `TextError` when a value leaves its range.
    public func windowLabels(_ labels: [Labeller.Label], start: Int) throws -> [[Int]] {
        try labels.map { try labeller.windowVector(of: $0, startToken: start).values.map { Int($0) } }
    }

    /// Runs every window of the level, appending the new tokens to `codes[level]`.
    ///
    /// - Parameters:
    ///   - codes: tokens per level, `codes[level][take]`; this level's rows must have equal
    ///     length; an upsampler reads `codes[level + 1]`, which must cover every window.
    ///   - labels: the takes' labels for this level's labeller.
    ///   - totalTokens: tokens the level must end with.
    ///   - lengths: how a level shorter than one window is filled.
    ///   - generator: source of the categorical draws.
    ///   - onWindow: called after each window (sampled or skipped); throwing stops the level.
    ///   - onToken: called after each sampled token with (completed, total) of the current prior call.
    /// - Throws: ``EngineError`` for codes that do not fit; the prior's and labeller's errors;
    ///   whatever the callbacks throw.
    public func run<G: RandomNumberGenerator>(
        codes: inout [[[Int]]], labels: [Labeller.Label], totalTokens: Int, lengths: LengthRule = .asked,
        using generator: inout G,
        onWindow: ((WindowReport) throws -> Void)? = nil,
        onToken: ((_ completed: Int, _ total: Int) throws -> Void)? = nil,
        afterWindow: ((WindowReport, [[[Int]]], G) throws -> Void)? = nil
    ) throws {
        let takes = labels.count
        guard takes > 0, codes.indices.contains(level), codes[level].count == takes else {
            throw EngineError.invalidCodes(level: level, reason: "need a token row for each of the \(takes) takes")
        }
        let existing = codes[level][0].count
        guard codes[level].allSatisfy({ $0.count == existing }) else {
            throw EngineError.invalidCodes(level: level, reason: "token rows have different lengths")
        }
        let plan = try schedule(totalTokens: totalTokens, existingTokens: existing, lengths: lengths)
        for (index, window) in plan.windows.enumerated() {
            var report = WindowReport(
                level: level, index: index, count: plan.windows.count, window: window, labels: [], batchSplits: [],
                rawTokens: [])
            if !window.skipped {
                (report.labels, report.batchSplits, report.rawTokens) = try sample(
                    window, codes: &codes, labels: labels, using: &generator, onToken: onToken)
            }
            try onWindow?(report)
            try afterWindow?(report, codes, generator)
        }
    }

    /// One window (`sample_single_window` after the skip check): prefix, upper codes and labels
    /// cut per take, takes split by `max_batch_size`, new tokens appended.
    private func sample<G: RandomNumberGenerator>(
        _ window: SamplingWindow, codes: inout [[[Int]]], labels: [Labeller.Label], using generator: inout G,
        onToken: ((Int, Int) throws -> Void)?
    ) throws -> (labels: [[Int]], splits: [Int], raw: [[Int]]) {
        let takes = labels.count
        let prefix = codes[level].map { Array($0[window.start..<(window.start + window.conditioningTokens)]) }
        var upper: [[Int]]? = nil
        if let ratio = upperDownsample {
            // `get_z_conds`: the upper codes under the window. The reference asserts a full slice
            // (its songs are at least one top window long); a shorter song has fewer, and the
            // window conditions on those (the prior pads its x_cond past them), which must cover
            // every position it samples.
            let available = codes.indices.contains(level + 1) ? codes[level + 1].map(\.count).min() ?? 0 : 0
            let (from, to) = (window.start / ratio, min(window.end / ratio, available))
            let needed = (window.start + window.sampleTokens + ratio - 1) / ratio
            guard window.start % ratio == 0, codes.indices.contains(level + 1),
                codes[level + 1].count == takes, to >= needed, to > from
            else {
                throw EngineError.invalidCodes(
                    level: level + 1,
                    reason: "window [\(window.start), \(window.end)) needs upper tokens [\(from), \(needed))")
            }
            upper = codes[level + 1].map { Array($0[from..<to]) }
        }
        let y = try windowLabels(labels, start: window.start)
        var splits: [Int] = []
        var fresh: [[Int]] = []
        var raw: [[Int]] = []
        var first = 0
        while first < takes {
            let rows = first..<min(takes, first + settings.maxBatchSize)
            let conditioning = try prior.conditioning(labels: Array(y[rows]), upperCodes: upper.map { Array($0[rows]) })
            let result = try prior.sample(
                prefix: Array(prefix[rows]), length: window.sampleTokens, conditioning: conditioning,
                options: settings.sampling, using: &generator, progress: onToken)
            fresh += result.tokens.map { Array($0.suffix(window.newTokens)) }
            raw += result.rawTokens.map { Array($0.suffix(window.newTokens)) }
            splits.append(rows.count)
            first = rows.upperBound
        }
        for take in 0..<takes { codes[level][take] += fresh[take] }
        return (y, splits, raw)
    }
}
