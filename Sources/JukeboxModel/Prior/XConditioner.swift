// Port of jukebox/prior/conditioners.py (Conditioner) @ 08efbbc
import JukeboxTensor
import JukeboxWeights

/// The upsamplers' per-position conditioning on the codes of the level above: embed them, run a
/// `DecoderConvBock` (no dilation reversal, checkpointed `blocks` stacks) that upsamples by
/// `stride^down`, then LayerNorm. Keys `conditioner_blocks.0.x_emb.weight`,
/// `conditioner_blocks.0.cond.*`, `conditioner_blocks.0.ln.*`.
struct XConditioner: Sendable {
    let table: Tensor  // (codebook, width)
    let block: DecoderConvBlock
    let norm: PriorLayerNorm
    let codebookSize: Int
    let width: Int

    init(_ store: WeightStore, _ hp: PriorHyperparameters, vqvae: VQVAEHyperparameters) throws {
        let prefix = "conditioner_blocks.0"
        let w = hp.priorWidth
        table = try store.tensor("\(prefix).x_emb.weight", shape: [vqvae.lBins, w]).converted(to: .float32)
        let shape = ConvBlockShape(
            width: hp.condWidth ?? 0, depth: hp.condDepth ?? 0, mConv: hp.condMConv,
            growth: hp.condDilationGrowthRate ?? 1, cycle: hp.condDilationCycle, down: vqvae.downsT[hp.level + 1],
            stride: vqvae.stridesT[hp.level + 1])
        block = try DecoderConvBlock(
            store, "\(prefix).cond", input: w, output: w, shape: shape,
            residualKey: hp.condCRes == 1 ? "blocks" : "model", reverse: false, resScale: hp.condResScale)
        norm = try PriorLayerNorm(store, "\(prefix).ln", width: w)
        codebookSize = vqvae.lBins
        width = w
    }

    /// Upper-level codes (batch, T) -> x_cond (batch, T * stride^down, width).
    /// - Throws: `ModelError.invalidInput` for ragged rows or a code outside the codebook.
    func callAsFunction(_ codes: [[Int]]) throws -> Tensor {
        let batch = codes.count
        let t = codes.first?.count ?? 0
        guard codes.allSatisfy({ $0.count == t }) else { throw ModelError.invalidInput(reason: "ragged upper codes") }
        let x = try embedding(table, ids: codes.flatMap { $0 }).reshaped([batch, t, width])  // (batch, T, width)
        let y = block(transposeLastTwo(x))  // (batch, width, T * up)
        return norm(transposeLastTwo(y))  // (batch, T * up, width)
    }
}
