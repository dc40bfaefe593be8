/// A small bundle layout with the official structure (three levels, hops 8/32/128,
/// upsamplers with x-conditioners, a top prior with a lyric encoder and cross-attention),
/// used with random weights by tests, benchmarks of the plumbing and the untrained default
/// model the demo runs. It generates noise: nothing here is trained.
public enum TinyBundle {
    /// Name recorded in the bundle.
    public static let name = "tiny"

    /// A three-level VQ-VAE with the official hop lengths and small widths.
    public static var vqvae: VQVAEHyperparameters {
        VQVAEHyperparameters(
            sr: 44_100, levels: 3, downsT: [3, 2, 2], stridesT: [2, 2, 2], embWidth: 16, lBins: 64, width: 8,
            depth: 2, mConv: 1.0, dilationGrowthRate: 3, dilationCycle: nil, reverseDecoderDilation: true,
            hvqvaeMultipliers: [2, 1, 1], useBottleneck: true)
    }

    /// Upsamplers at levels 0 and 1, the top prior (5b_lyrics layout) at level 2.
    public static var priors: [PriorHyperparameters] {
        let yBins = [labels.sets[0].genres.map(\.id).max()! + 1, labels.sets[0].artists.map(\.id).max()! + 1]
        let upsamplers = (0...1).map { level -> PriorHyperparameters in
            var prior = PriorHyperparameters(
                level: level, nCtx: 64, priorWidth: 32, priorDepth: 3, heads: 1, attnOrder: 2, blocks: 4, yBins: yBins)
            prior.condWidth = 16
            prior.condDepth = 2
            prior.condDilationGrowthRate = 3
            prior.condDilationCycle = 8
            prior.condResScale = level == 1
            return prior
        }
        var top = PriorHyperparameters(
            level: 2, nCtx: 64, priorWidth: 32, priorDepth: 10, heads: 2, attnOrder: 8, blocks: 4, yBins: yBins)
        top.tBins = 32
        top.minDuration = 1.0
        top.maxDuration = 600.0
        top.useTokens = true
        top.nTokens = 16
        top.primeWidth = 16
        top.primeDepth = 3
        top.primeHeads = 1
        top.primeAttnOrder = 2
        top.primeBlocks = 4
        top.mergedDecoder = true
        top.fp16Params = true
        top.alignmentLayer = 9
        top.alignmentHead = 0
        return upsamplers + [top]
    }

    /// v2 labels with a handful of made-up artists and genres.
    public static var labels: BundleLabels {
        let artists = ["unknown": 0, "various": 0, "": 0, "demo_band": 1, "the_test_singers": 2, "synth_ensemble": 3]
        let genres = ["unknown": 0, "pop": 1, "rock": 2, "jazz": 3, "folk": 4, "electronic": 5]
        func entries(_ table: [String: Int]) -> [LabelSet.Entry] {
            table.map { LabelSet.Entry(name: $0.key, id: $0.value) }.sorted { ($0.id, $0.name) < ($1.id, $1.name) }
        }
        return BundleLabels(sets: [
            LabelSet(
                version: 2, artists: entries(artists), genres: entries(genres), lyricVocabulary: LabelSet.v2Vocabulary)
        ])
    }

    /// The whole configuration, marked untrained.
    public static func config(createdBy: String) -> BundleConfig {
        BundleConfig(
            name: name, summary: "untrained random weights for testing: it sounds like noise", trained: false,
            vqvae: vqvae, priors: priors, sources: [], createdBy: createdBy)
    }
}
