/// One prior's hyper-parameters under the reference's own names (the fields `make_prior`
/// reads, `jukebox/hparams.py`). Fields a JSON file leaves out take the reference's
/// `DEFAULTS` values, as `setup_hparams` does.
public struct PriorHyperparameters: Codable, Sendable, Equatable {
    /// Audio sample rate in Hz (`sr`).
    public var sr: Int = 44_100
    /// VQ-VAE level this prior models: 2 = top, 1 and 0 = upsamplers (`level`).
    public var level: Int
    /// Music tokens per window (`n_ctx`).
    public var nCtx: Int
    /// Transformer width (`prior_width`).
    public var priorWidth: Int
    /// Transformer blocks (`prior_depth`).
    public var priorDepth: Int
    /// Attention heads (`heads`).
    public var heads: Int
    /// Which attention-type schedule the layers follow (`attn_order`).
    public var attnOrder: Int
    /// Blocks the sequence is cut into for factored attention (`blocks`).
    public var blocks: Int
    /// Attention spread (`spread`); `nil` in every official model.
    public var spread: Int? = nil
    /// Attention width as a fraction of the width (`m_attn`).
    public var mAttn: Double = 0.25
    /// MLP width as a fraction of the width (`m_mlp`).
    public var mMLP: Double = 1.0
    /// Initialise residual outputs at zero (`zero_out`); affects training only.
    public var zeroOut: Bool = false
    /// Scale residual branches by 1/sqrt(depth) (`res_scale`).
    public var resScale: Bool = false
    /// Factored position embeddings (`pos_init`); false in every official model.
    public var posInit: Bool = false
    /// Artist/genre conditioning (`labels`).
    public var labels: Bool = true
    /// Use the v3 label set (`labels_v3`): 1b_lyrics only.
    public var labelsV3: Bool = false
    /// Rows of the genre and artist tables (`y_bins`: genres, artists).
    public var yBins: [Int]
    /// Bins of each timing embedding (`t_bins`).
    public var tBins: Int = 128
    /// Shortest song length the timing embedding covers, in seconds (`min_duration`).
    public var minDuration: Double? = nil
    /// Longest song length the timing embedding covers, in seconds (`max_duration`).
    public var maxDuration: Double? = nil
    /// Genre slots in the label vector (`max_bow_genre_size`).
    public var maxBowGenreSize: Int = 5
    /// Lyric conditioning (`use_tokens`).
    public var useTokens: Bool = false
    /// Lyric tokens per window (`n_tokens`).
    public var nTokens: Int = 0
    /// Lyric vocabulary size including the unknown token (`n_vocab`).
    public var nVocab: Int = 80
    /// Lyric encoder (5b_lyrics) settings (`prime_*`).
    public var primeWidth: Int? = nil
    public var primeDepth: Int? = nil
    public var primeHeads: Int? = nil
    public var primeAttnOrder: Int? = nil
    public var primeBlocks: Int? = nil
    public var primeSpread: Int? = nil
    public var primeMAttn: Double = 0.25
    public var primeMMLP: Double = 1.0
    public var primeZeroOut: Bool = false
    public var primeResScale: Bool = false
    public var primePosInit: Bool = false
    /// Upsampler x-conditioner settings (`cond_*`).
    public var condWidth: Int? = nil
    public var condDepth: Int? = nil
    public var condMConv: Double = 1.0
    public var condDilationGrowthRate: Int? = nil
    public var condDilationCycle: Int? = nil
    public var condZeroOut: Bool = false
    public var condResScale: Bool = false
    public var condCRes: Int = 1
    /// The top prior's transformer skips the re-add of x_cond and has its own x_out
    /// (`merged_decoder`).
    public var mergedDecoder: Bool = false
    /// Lyrics and music in one sequence (`single_enc_dec`): 1b_lyrics.
    public var singleEncDec: Bool = false
    /// Training-only input copying (`copy_input`).
    public var copyInput: Bool = false
    /// Conv1D weights held in float16 (`fp16_params`).
    public var fp16Params: Bool = false
    /// Lyric alignment layer and head (`alignment_layer`, `alignment_head`).
    public var alignmentLayer: Int? = nil
    public var alignmentHead: Int? = nil

    /// Builds a prior's settings; every field not named keeps the reference's default.
    public init(
        level: Int, nCtx: Int, priorWidth: Int, priorDepth: Int, heads: Int, attnOrder: Int, blocks: Int,
        yBins: [Int]
    ) {
        self.level = level
        self.nCtx = nCtx
        self.priorWidth = priorWidth
        self.priorDepth = priorDepth
        self.heads = heads
        self.attnOrder = attnOrder
        self.blocks = blocks
        self.yBins = yBins
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case sr, level, heads, blocks, spread, labels
        case nCtx = "n_ctx"
        case priorWidth = "prior_width"
        case priorDepth = "prior_depth"
        case attnOrder = "attn_order"
        case mAttn = "m_attn"
        case mMLP = "m_mlp"
        case zeroOut = "zero_out"
        case resScale = "res_scale"
        case posInit = "pos_init"
        case labelsV3 = "labels_v3"
        case yBins = "y_bins"
        case tBins = "t_bins"
        case minDuration = "min_duration"
        case maxDuration = "max_duration"
        case maxBowGenreSize = "max_bow_genre_size"
        case useTokens = "use_tokens"
        case nTokens = "n_tokens"
        case nVocab = "n_vocab"
        case primeWidth = "prime_width"
        case primeDepth = "prime_depth"
        case primeHeads = "prime_heads"
        case primeAttnOrder = "prime_attn_order"
        case primeBlocks = "prime_blocks"
        case primeSpread = "prime_spread"
        case primeMAttn = "prime_m_attn"
        case primeMMLP = "prime_m_mlp"
        case primeZeroOut = "prime_zero_out"
        case primeResScale = "prime_res_scale"
        case primePosInit = "prime_pos_init"
        case condWidth = "cond_width"
        case condDepth = "cond_depth"
        case condMConv = "cond_m_conv"
        case condDilationGrowthRate = "cond_dilation_growth_rate"
        case condDilationCycle = "cond_dilation_cycle"
        case condZeroOut = "cond_zero_out"
        case condResScale = "cond_res_scale"
        case condCRes = "cond_c_res"
        case mergedDecoder = "merged_decoder"
        case singleEncDec = "single_enc_dec"
        case copyInput = "copy_input"
        case fp16Params = "fp16_params"
        case alignmentLayer = "alignment_layer"
        case alignmentHead = "alignment_head"
    }
}
