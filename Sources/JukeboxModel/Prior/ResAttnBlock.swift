// Port of jukebox/transformer/transformer.py (MLP, ResAttnBlock) @ 08efbbc
import JukeboxTensor

/// `c_proj(quick_gelu(c_fc(x)))`. Keys `<prefix>.c_fc`, `<prefix>.c_proj`.
struct PriorMLP: Sendable {
    let cFc: PriorConv1D  // width -> hidden
    let cProj: PriorConv1D  // hidden -> width

    init(_ store: WeightStore, _ prefix: String, width: Int, hidden: Int, halfWeights: Bool) throws {
        cFc = try PriorConv1D(store, "\(prefix).c_fc", in: width, out: hidden, halfWeights: halfWeights)
        cProj = try PriorConv1D(store, "\(prefix).c_proj", in: hidden, out: width, halfWeights: halfWeights)
    }

    /// `x` (..., width) -> (..., width).
    func callAsFunction(_ x: Tensor) -> Tensor {
        var h = cFc(x)  // (..., hidden)
        quickGELU(inPlace: &h)
        return cProj(h)
    }
}

/// Pre-LayerNorm block: `a = attn(ln_0(x))`, `m = mlp(ln_1(x + a))`, `out = (x + a) + m`
/// (res_scale 1 in every official prior). Keys `<prefix>.attn.*`, `.ln_0`, `.mlp.*`, `.ln_1`.
struct ResAttnBlock: Sendable {
    let attention: FactoredAttention
    let ln0: PriorLayerNorm
    let mlp: PriorMLP
    let ln1: PriorLayerNorm

    /// Full forward; `x` (batch, length, width) -> same shape.
    func callAsFunction(_ x: Tensor, encoderKV: Tensor?) -> Tensor {
        var h = add(x, attention(ln0(x), encoderKV: encoderKV))  // (batch, length, width)
        addInPlace(&h, mlp(ln1(h)))
        return h
    }

    /// Incremental forward of positions `start ..< start + n`; `x` (batch, n, width).
    func step(_ x: Tensor, start: Int, cache: inout LayerCache) -> Tensor {
        var h = add(x, attention.step(ln0(x), start: start, cache: &cache))  // (batch, n, width)
        addInPlace(&h, mlp(ln1(h)))
        return h
    }
}
