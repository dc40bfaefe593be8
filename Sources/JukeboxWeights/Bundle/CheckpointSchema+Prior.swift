// Port of the module trees of jukebox/prior/{prior,conditioners,autoregressive}.py and
// jukebox/transformer/{transformer,factored_attention}.py @ 08efbbc.

extension CheckpointSchema {
    /// A prior's tensors in state_dict order: x-conditioner (upsamplers), label conditioner,
    /// lyric encoder (5b_lyrics), then the transformer language model.
    /// - Parameters:
    ///   - hp: the prior's hyper-parameters.
    ///   - vqvae: the VQ-VAE it models (codebook size, strides of the level above).
    /// - Throws: `BundleError` for an attention order the reference does not define.
    public static func prior(_ hp: PriorHyperparameters, vqvae: VQVAEHyperparameters) throws(BundleError)
        -> [ExpectedTensor]
    {
        let width = hp.priorWidth
        var out: [ExpectedTensor] = []
        if hp.hasUpperLevel {
            let condWidth = hp.condWidth ?? 0
            out.append(ExpectedTensor("conditioner_blocks.0.x_emb.weight", [vqvae.lBins, width]))
            out += decoderConvBlock(
                "conditioner_blocks.0.cond.model", input: width, output: width, width: condWidth,
                depth: hp.condDepth ?? 0, mConv: hp.condMConv, downs: vqvae.downsT[hp.level + 1],
                stride: vqvae.stridesT[hp.level + 1], residualKey: hp.condCRes == 1 ? "blocks" : "model")
            out += layerNorm("conditioner_blocks.0.ln", width)
        }
        if hp.labels {
            out.append(ExpectedTensor("y_emb.bow_genre_emb.emb.weight", [hp.yBins[0], width]))
            out.append(ExpectedTensor("y_emb.artist_emb.emb.weight", [hp.yBins[1], width]))
            if !hp.hasUpperLevel {
                for table in ["total_length_emb", "absolute_pos_emb", "relative_pos_emb"] {
                    out.append(ExpectedTensor("y_emb.\(table).emb.weight", [hp.tBins, width]))
                }
            }
        }
        if hp.hasLyricEncoder {
            let primeWidth = hp.primeWidth ?? 0
            out.append(ExpectedTensor("prime_prior.start_token", [1, primeWidth]))
            out.append(ExpectedTensor("prime_prior.x_emb.weight", [hp.nVocab, primeWidth]))
            out.append(ExpectedTensor("prime_prior.pos_emb.pos_emb", [hp.nTokens, primeWidth]))
            out += try transformer(
                "prime_prior.transformer", width: primeWidth, attentionWidth: Int(hp.primeMAttn * Double(primeWidth)),
                mlpWidth: Int(hp.primeMMLP * Double(primeWidth)), depth: hp.primeDepth ?? 0,
                attnOrder: hp.primeAttnOrder ?? 0, encoderWidth: nil)
            out += conv1D("prime_state_proj", in: primeWidth, out: width)
            out += layerNorm("prime_state_ln", width)
            out.append(ExpectedTensor("prime_x_out.weight", [hp.nVocab, width]))
        }
        let vocabulary = hp.singleEncDec ? hp.nVocab + vqvae.lBins : vqvae.lBins
        out.append(ExpectedTensor("prior.x_emb.weight", [vocabulary, width]))
        out.append(ExpectedTensor("prior.pos_emb.pos_emb", [hp.transformerLength, width]))
        out += try transformer(
            "prior.transformer", width: width, attentionWidth: hp.attentionWidth, mlpWidth: hp.mlpWidth,
            depth: hp.priorDepth, attnOrder: hp.attnOrder, encoderWidth: hp.hasLyricEncoder ? width : nil)
        out.append(ExpectedTensor("prior.x_out.weight", [vocabulary, width]))
        return out
    }

    /// The reference's own `Conv1D(n_in, n_out)`: `w` (n_in, n_out) and `b` (n_out).
    static func conv1D(_ prefix: String, in input: Int, out: Int) -> [ExpectedTensor] {
        [ExpectedTensor("\(prefix).w", [input, out]), ExpectedTensor("\(prefix).b", [out])]
    }

    /// `LayerNorm(width)`: weight and bias.
    static func layerNorm(_ prefix: String, _ width: Int) -> [ExpectedTensor] {
        [ExpectedTensor("\(prefix).weight", [width]), ExpectedTensor("\(prefix).bias", [width])]
    }

    /// `Transformer`: `depth` pre-LN blocks of factored attention and MLP. Encoder-decoder
    /// layers (type 6) project queries only in `c_attn` and keys/values in `c_enc_kv`.
    static func transformer(
        _ prefix: String, width: Int, attentionWidth s: Int, mlpWidth: Int, depth: Int, attnOrder: Int,
        encoderWidth: Int?
    ) throws(BundleError) -> [ExpectedTensor] {
        var out: [ExpectedTensor] = []
        for (d, type) in try AttentionSchedule.types(depth: depth, attnOrder: attnOrder).enumerated() {
            let layer = "\(prefix)._attn_mods.\(d)"
            if type == .encoderDecoder {
                out += conv1D("\(layer).attn.c_attn", in: width, out: s)
                out += conv1D("\(layer).attn.c_enc_kv", in: encoderWidth ?? width, out: 2 * s)
            } else {
                out += conv1D("\(layer).attn.c_attn", in: width, out: 3 * s)
            }
            out += conv1D("\(layer).attn.c_proj", in: s, out: width)
            out += layerNorm("\(layer).ln_0", width)
            out += conv1D("\(layer).mlp.c_fc", in: width, out: mlpWidth)
            out += conv1D("\(layer).mlp.c_proj", in: mlpWidth, out: width)
            out += layerNorm("\(layer).ln_1", width)
        }
        return out
    }
}
