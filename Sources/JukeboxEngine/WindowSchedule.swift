// Port of jukebox/sample.py (sample_level, sample_single_window, sample_partial_window)
// and jukebox/utils/sample_utils.py (get_starts) @ 08efbbc

/// One model window of one level, as the reference's driver visits it.
public struct SamplingWindow: Sendable, Equatable {
    /// First music token of the window (`start`).
    public var start: Int
    /// One past the last position the window may hold (`start + n_ctx`).
    public var end: Int
    /// Tokens of this level that exist before the window runs.
    public var tokensBefore: Int
    /// Existing tokens inside the window, fed to the prior as its prefix (`conditioning_tokens`).
    public var conditioningTokens: Int
    /// Tokens the window holds once sampled, prefix included (`sample_tokens`).
    public var sampleTokens: Int
    /// Whether this is `sample_partial_window`'s single window of a level shorter than n_ctx.
    public var partial: Bool

    /// A window from its parts.
    public init(start: Int, end: Int, tokensBefore: Int, conditioningTokens: Int, sampleTokens: Int, partial: Bool) {
        self.start = start
        self.end = end
        self.tokensBefore = tokensBefore
        self.conditioningTokens = conditioningTokens
        self.sampleTokens = sampleTokens
        self.partial = partial
    }

    /// Tokens the window adds (`new_tokens`); at most zero means the window is skipped.
    public var newTokens: Int { sampleTokens - conditioningTokens }
    /// Whether the window lies wholly inside existing tokens and is left alone (`new_tokens <= 0`).
    public var skipped: Bool { newTokens <= 0 }
    /// Tokens of the level after the window ran.
    public var tokensAfter: Int { skipped ? tokensBefore : tokensBefore + newTokens }
}

/// The windows of one level (`sample_level`): a pure plan computed from the level's length,
/// window size, hop and the tokens that already exist (primer or loaded codes).
public struct WindowSchedule: Sendable, Equatable {
    /// Music tokens the level must end with (`total_length`).
    public var totalTokens: Int
    /// Window length of the level's prior (`n_ctx`).
    public var contextLength: Int
    /// Distance between window starts (`hop_length`).
    public var hopLength: Int
    /// Every window in the order the reference visits it, skipped ones included.
    public var windows: [SamplingWindow]

    /// Window starts (`get_starts`): every `hop` tokens from 0, the last one pulled back to
    /// end at `total`. Empty when `total < nCtx` is not covered by a hop (use a partial window).
    /// - Parameters:
    ///   - total: level length in tokens.
    ///   - nCtx: window length in tokens.
    ///   - hop: hop length in tokens, positive.
    public static func starts(total: Int, nCtx: Int, hop: Int) -> [Int] {
        precondition(hop > 0, "hop length must be positive")
        var starts: [Int] = []
        var start = 0
        while start < total - nCtx + hop {
            starts.append(start + nCtx >= total ? total - nCtx : start)
            start += hop
        }
        return starts
    }

    /// Plans a level.
    /// - Parameters:
    ///   - totalTokens: tokens the level must end with (`sample_length / raw_to_tokens`).
    ///   - contextLength: the prior's `n_ctx`.
    ///   - hopLength: `int(hop_fraction * n_ctx)`.
    ///   - existingTokens: tokens present before sampling (0 for ancestral sampling).
    ///   - lengths: how a level shorter than one window is filled (``LengthRule``).
    /// - Throws: ``EngineError/invalidSchedule(reason:)`` for a non-positive length or hop.
    public init(
        totalTokens: Int, contextLength: Int, hopLength: Int, existingTokens: Int, lengths: LengthRule = .asked
    ) throws(EngineError) {
        guard totalTokens > 0, contextLength > 0, hopLength > 0, existingTokens >= 0 else {
            throw EngineError.invalidSchedule(
                reason: "total \(totalTokens), n_ctx \(contextLength), hop \(hopLength) and existing tokens "
                    + "\(existingTokens) must be positive (existing tokens non-negative)")
        }
        self.totalTokens = totalTokens
        self.contextLength = contextLength
        self.hopLength = hopLength
        var windows: [SamplingWindow] = []
        var current = existingTokens
        if totalTokens >= contextLength {
            for start in Self.starts(total: totalTokens, nCtx: contextLength, hop: hopLength) {
                let end = start + contextLength
                let window = SamplingWindow(
                    start: start, end: end, tokensBefore: current,
                    conditioningTokens: max(0, min(current, end) - start), sampleTokens: contextLength, partial: false)
                windows.append(window)
                current = window.tokensAfter
            }
        } else {
            // sample_partial_window: the reference passes tokens_to_sample = total_length, so
            // existing tokens are followed by the whole length again; as asked, the level ends
            // with totalTokens.
            let toSample = lengths == .reference ? totalTokens : max(0, totalTokens - current)
            let (start, sampleTokens) =
                current < contextLength - toSample
                ? (0, current + toSample) : (current - contextLength + toSample, contextLength)
            let end = start + contextLength
            windows.append(
                SamplingWindow(
                    start: start, end: end, tokensBefore: current,
                    conditioningTokens: max(0, min(current, end) - start), sampleTokens: sampleTokens, partial: true))
        }
        self.windows = windows
    }

    /// Tokens of the level once every window ran.
    public var finalTokens: Int { windows.last?.tokensAfter ?? 0 }
}

/// How a level shorter than one window is filled (`sample_partial_window`).
public enum LengthRule: String, Sendable, Equatable, Codable {
    /// The level ends with exactly the tokens the job asked for: existing tokens plus the new
    /// seconds, whatever the window arithmetic. What every job runs.
    case asked
    /// The reference's rule, kept for parity with its recorded runs (`jukeboxd verify`): a level
    /// shorter than one window samples its whole length again after the existing tokens, so a
    /// primed job that fits one top-level window returns the primer plus the full requested
    /// length of new tokens, more than asked.
    case reference
}
