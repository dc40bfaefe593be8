extension VQVAEHyperparameters {
    /// Reads the VQ-VAE settings written with the reference's names, e.g. a whole `hps`
    /// dictionary. Fields left out take the reference's defaults (`sr` 44100,
    /// `dilation_cycle` null, `vqvae_reverse_decoder_dilation` true, `m_conv` 1.0,
    /// `use_bottleneck` true, `hvqvae_multipliers` all 1); the sizes are required.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let levels = try c.decode(Int.self, forKey: .levels)
        self.init(
            sr: try c.decodeIfPresent(Int.self, forKey: .sr) ?? 44_100,
            levels: levels,
            downsT: try c.decode([Int].self, forKey: .downsT),
            stridesT: try c.decode([Int].self, forKey: .stridesT),
            embWidth: try c.decode(Int.self, forKey: .embWidth),
            lBins: try c.decode(Int.self, forKey: .lBins),
            width: try c.decode(Int.self, forKey: .width),
            depth: try c.decode(Int.self, forKey: .depth),
            mConv: try c.decodeIfPresent(Double.self, forKey: .mConv) ?? 1.0,
            dilationGrowthRate: try c.decode(Int.self, forKey: .dilationGrowthRate),
            dilationCycle: try c.decodeIfPresent(Int.self, forKey: .dilationCycle),
            reverseDecoderDilation: try c.decodeIfPresent(Bool.self, forKey: .reverseDecoderDilation) ?? true,
            hvqvaeMultipliers: try c.decodeIfPresent([Int].self, forKey: .hvqvaeMultipliers)
                ?? Array(repeating: 1, count: levels),
            useBottleneck: try c.decodeIfPresent(Bool.self, forKey: .useBottleneck) ?? true)
    }
}
