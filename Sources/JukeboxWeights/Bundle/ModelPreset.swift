/// The three official Jukebox bundles, with every hyper-parameter as the reference's registry
/// (`jukebox/hparams.py`) sets it, so converting the official files needs nothing written by
/// hand.
public enum ModelPreset: String, Sendable, CaseIterable, Codable {
    /// `5b`: the 5-billion-parameter top prior without lyrics.
    case fiveB = "5b"
    /// `5b_lyrics`: the 5-billion-parameter top prior with a separate lyric encoder.
    case fiveBLyrics = "5b_lyrics"
    /// `1b_lyrics`: the 1-billion-parameter top prior with lyrics in the same sequence.
    case oneBLyrics = "1b_lyrics"

    /// Looks a preset up by its official name.
    /// - Throws: `BundleError.unknownPreset` listing the names there are.
    public static func named(_ name: String) throws(BundleError) -> ModelPreset {
        guard let preset = ModelPreset(rawValue: name) else {
            throw BundleError.unknownPreset(name: name, known: allCases.map(\.rawValue))
        }
        return preset
    }

    /// The VQ-VAE every official bundle shares (registry entry `vqvae`).
    public var vqvae: VQVAEHyperparameters {
        VQVAEHyperparameters(
            sr: 44_100, levels: 3, downsT: [3, 2, 2], stridesT: [2, 2, 2], embWidth: 64, lBins: 2048, width: 32,
            depth: 4, mConv: 1.0, dilationGrowthRate: 3, dilationCycle: nil, reverseDecoderDilation: true,
            hvqvaeMultipliers: [2, 1, 1], useBottleneck: true)
    }

    /// The priors, indexed by level: upsamplers at 0 and 1, the top prior at 2.
    public var priors: [PriorHyperparameters] {
        [Self.upsampler(level: 0), Self.upsampler(level: 1), top]
    }

    /// Registry entries `upsampler_level_0` and `upsampler_level_1`.
    static func upsampler(level: Int) -> PriorHyperparameters {
        var prior = PriorHyperparameters(
            level: level, nCtx: 8192, priorWidth: 1920, priorDepth: 72, heads: 1, attnOrder: 2, blocks: 128,
            yBins: [120, 4111])
        prior.condWidth = 1024
        prior.condDepth = 16
        prior.condDilationGrowthRate = 3
        prior.condDilationCycle = 8
        prior.condResScale = level == 1
        return prior
    }

    /// Registry entries `prior_5b`, `prior_5b_lyrics` and `prior_1b_lyrics`.
    var top: PriorHyperparameters {
        switch self {
        case .fiveB, .fiveBLyrics:
            var prior = PriorHyperparameters(
                level: 2, nCtx: 8192, priorWidth: 4800, priorDepth: self == .fiveB ? 72 : 79, heads: 8,
                attnOrder: self == .fiveB ? 2 : 10, blocks: 128, yBins: [120, 4111])
            prior.minDuration = self == .fiveB ? 60.0 : 23.8
            prior.maxDuration = 600.0
            prior.mergedDecoder = true
            prior.fp16Params = true
            if self == .fiveBLyrics {
                prior.useTokens = true
                prior.nTokens = 512
                prior.primeWidth = 1280
                prior.primeDepth = 18
                prior.primeHeads = 4
                prior.primeAttnOrder = 2
                prior.primeBlocks = 32
                prior.alignmentLayer = 68
                prior.alignmentHead = 2
            }
            return prior
        case .oneBLyrics:
            var prior = PriorHyperparameters(
                level: 2, nCtx: 6144, priorWidth: 2048, priorDepth: 72, heads: 2, attnOrder: 12, blocks: 64,
                yBins: [604, 7898])
            prior.labelsV3 = true
            prior.tBins = 64
            prior.minDuration = 17.84
            prior.maxDuration = 600.0
            prior.maxBowGenreSize = 1
            prior.useTokens = true
            prior.nTokens = 384
            prior.nVocab = 79
            prior.singleEncDec = true
            prior.alignmentLayer = 63
            prior.alignmentHead = 0
            return prior
        }
    }
}
