import Foundation
import JukeboxModel
import JukeboxTensor
import JukeboxWeights

extension PriorCase {
    /// The case with the prior's weights written as `convert --dtype weights` writes them:
    /// measures the teacher-forced logits (largest error, arg-max agreement) and the greedy and
    /// primed samples (token agreement, step logits up to the first differing token) against the
    /// reference, as a REPORT (FAIL only when the case cannot run).
    func measure(weights: WeightDTypeChoice) -> VerifyResult {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("jukebox-verify-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: work) }
        do {
            let hp = try decode(PriorHyperparameters.self, json["hps"])
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            let rounded = work + "/weights.safetensors"
            try Self.write(
                try SafeTensorsReader(path: path("\(name).weights.safetensors")), as: weights,
                fp16Params: hp.fp16Params, to: rounded)
            let prior = try Prior(
                weights: WeightStore(try SafeTensorsReader(path: rounded)), hyperparameters: hp,
                vqvae: try vqvaeHyperparameters())
            let golden = try SafeTensorsReader(path: path("\(name).safetensors"))
            func rows(_ key: String) throws -> [[Int]] { try golden.intRows(key) }
            func floats(_ key: String) throws -> [Float] { try golden.tensor(named: key).floats() }
            let vocabulary = try golden.tensor(named: "forward.logits").shape.last ?? 1

            var fidelity = Fidelity()
            let labels = try rows("input.y")
            let upper = golden.entry(named: "input.z_cond") != nil ? try rows("input.z_cond") : nil
            let conditioning = try prior.conditioning(labels: labels, upperCodes: upper)
            let logits = try prior.logits(codes: try rows("input.z"), conditioning: conditioning).floats()
            let reference = try floats("forward.logits")
            guard logits.count == reference.count else {
                return measured(.fail, nil, "forward.logits: \(logits.count) values, expected \(reference.count)")
            }
            fidelity.compareLogits(logits[...], reference[...])
            fidelity.compareArgmax(logits, reference, vocabulary: vocabulary)

            var generator = SeededGenerator(seed: 0)
            let greedy = try prior.sample(
                prefix: Array(repeating: [], count: labels.count), conditioning: conditioning,
                options: SamplingOptions(topK: 1, recordLogits: true), using: &generator)
            try fidelity.compareSample(
                greedy.tokens, try rows("sample.greedy.tokens"), oursLogits: greedy.stepLogits?.floats() ?? [],
                referenceLogits: try floats("sample.greedy.step_logits"), vocabulary: vocabulary)
            if let primed = primedSettings() {
                let prefix = try rows("input.z").map { Array($0[0..<primed.prefix]) }
                let sample = try prior.sample(
                    prefix: prefix, length: primed.length, conditioning: conditioning,
                    options: SamplingOptions(topK: 1, chunkSize: primed.chunk, recordLogits: true), using: &generator)
                // Only the new tokens were sampled; the prefix is the input.
                try fidelity.compareSample(
                    sample.tokens.map { Array($0[primed.prefix...]) },
                    try rows("sample.primed.tokens").map { Array($0[primed.prefix...]) },
                    oursLogits: sample.stepLogits?.floats() ?? [],
                    referenceLogits: try floats("sample.primed.step_logits"), vocabulary: vocabulary)
            }
            return measured(.report, fidelity, "\(weights.rawValue) prior weights: \(fidelity.summary)")
        } catch {
            return measured(.fail, nil, "\(error)")
        }
    }

    /// Writes every tensor of `source` as `choice` writes it, widest first (so each stays
    /// aligned for its type).
    static func write(_ source: SafeTensorsReader, as choice: WeightDTypeChoice, fp16Params: Bool, to path: String)
        throws
    {
        let tensors = try source.allTensors().map { try choice.converted($0, fp16Params: fp16Params) }
        try SafeTensorsWriter.write(
            to: path, tensors: tensors.sorted { $0.dtype.byteSize > $1.dtype.byteSize }, metadata: source.metadata)
    }

    private func measured(_ status: VerifyResult.Status, _ fidelity: Fidelity?, _ detail: String) -> VerifyResult {
        VerifyResult(
            status: status, name: name, kind: "prior", maxError: fidelity?.logitMaxAbs, tolerance: nil, detail: detail,
            fidelity: fidelity)
    }
}
