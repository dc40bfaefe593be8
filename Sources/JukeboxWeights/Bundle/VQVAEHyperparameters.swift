/// The VQ-VAE's hyper-parameters under the reference's own names (`jukebox/hparams.py`,
/// the fields `make_vqvae` reads), so a JSON file written for the reference reads as is.
public struct VQVAEHyperparameters: Codable, Sendable, Equatable {
    /// Audio sample rate in Hz (`sr`).
    public var sr: Int
    /// Number of levels (`levels`); 3 for every official model.
    public var levels: Int
    /// Stride-`strides_t` downsampling convolutions per level block (`downs_t`).
    public var downsT: [Int]
    /// Stride of those convolutions per level (`strides_t`).
    public var stridesT: [Int]
    /// Width of a code vector (`emb_width`).
    public var embWidth: Int
    /// Codebook size per level (`l_bins`).
    public var lBins: Int
    /// Base channel width (`width`), multiplied per level by `hvqvaeMultipliers`.
    public var width: Int
    /// Base residual blocks per stack (`depth`), multiplied per level by `hvqvaeMultipliers`.
    public var depth: Int
    /// Residual hidden width as a fraction of the width (`m_conv`).
    public var mConv: Double
    /// Dilation grows by this factor per residual block (`dilation_growth_rate`).
    public var dilationGrowthRate: Int
    /// Dilations restart after this many blocks (`dilation_cycle`); `nil` never restarts.
    public var dilationCycle: Int?
    /// Decoder stacks list the largest dilation first (`vqvae_reverse_decoder_dilation`).
    public var reverseDecoderDilation: Bool
    /// Per-level multiplier of width and depth (`hvqvae_multipliers`).
    public var hvqvaeMultipliers: [Int]
    /// Whether codes go through the bottleneck (`use_bottleneck`); true for inference.
    public var useBottleneck: Bool

    /// Builds a VQ-VAE description; every argument is the reference field of the same meaning.
    public init(
        sr: Int, levels: Int, downsT: [Int], stridesT: [Int], embWidth: Int, lBins: Int, width: Int, depth: Int,
        mConv: Double, dilationGrowthRate: Int, dilationCycle: Int?, reverseDecoderDilation: Bool,
        hvqvaeMultipliers: [Int], useBottleneck: Bool
    ) {
        self.sr = sr
        self.levels = levels
        self.downsT = downsT
        self.stridesT = stridesT
        self.embWidth = embWidth
        self.lBins = lBins
        self.width = width
        self.depth = depth
        self.mConv = mConv
        self.dilationGrowthRate = dilationGrowthRate
        self.dilationCycle = dilationCycle
        self.reverseDecoderDilation = reverseDecoderDilation
        self.hvqvaeMultipliers = hvqvaeMultipliers
        self.useBottleneck = useBottleneck
    }

    enum CodingKeys: String, CodingKey {
        case sr, levels, width, depth
        case downsT = "downs_t"
        case stridesT = "strides_t"
        case embWidth = "emb_width"
        case lBins = "l_bins"
        case mConv = "m_conv"
        case dilationGrowthRate = "dilation_growth_rate"
        case dilationCycle = "dilation_cycle"
        case reverseDecoderDilation = "vqvae_reverse_decoder_dilation"
        case hvqvaeMultipliers = "hvqvae_multipliers"
        case useBottleneck = "use_bottleneck"
    }

    /// Raw samples per code at each level: the cumulative product of `stride^down`
    /// (8, 32, 128 for the official model).
    public var hopLengths: [Int] {
        var hop = 1
        return zip(downsT, stridesT).map { down, stride in
            for _ in 0..<down { hop *= stride }
            return hop
        }
    }

    /// Channel width of level `level`'s encoder and decoder.
    public func width(level: Int) -> Int { width * hvqvaeMultipliers[level] }

    /// Residual blocks per stack at level `level`.
    public func depth(level: Int) -> Int { depth * hvqvaeMultipliers[level] }

    /// Checks the values make a buildable model.
    /// - Throws: `BundleError.invalidHyperparameters` naming the first bad field.
    public func validate() throws(BundleError) {
        func check(_ ok: Bool, _ field: String, _ why: String) throws(BundleError) {
            if !ok { throw BundleError.invalidHyperparameters(model: "vqvae", field: field, reason: why) }
        }
        try check(sr > 0, "sr", "must be positive")
        try check(levels >= 1, "levels", "must be at least 1")
        try check(downsT.count == levels, "downs_t", "needs one entry per level (\(levels))")
        try check(stridesT.count == levels, "strides_t", "needs one entry per level (\(levels))")
        try check(hvqvaeMultipliers.count == levels, "hvqvae_multipliers", "needs one entry per level (\(levels))")
        try check(downsT.allSatisfy { $0 >= 1 }, "downs_t", "entries must be at least 1")
        try check(stridesT.allSatisfy { $0 >= 2 }, "strides_t", "entries must be at least 2")
        try check(hvqvaeMultipliers.allSatisfy { $0 >= 1 }, "hvqvae_multipliers", "entries must be at least 1")
        try check(embWidth > 0, "emb_width", "must be positive")
        try check(lBins > 1, "l_bins", "must be at least 2")
        try check(width > 0, "width", "must be positive")
        try check(depth > 0, "depth", "must be positive")
        try check(mConv > 0, "m_conv", "must be positive")
        try check(dilationGrowthRate >= 1, "dilation_growth_rate", "must be at least 1")
        try check(dilationCycle.map { $0 >= 1 } ?? true, "dilation_cycle", "must be at least 1 or null")
        try check(useBottleneck, "use_bottleneck", "must be true for inference")
    }
}
