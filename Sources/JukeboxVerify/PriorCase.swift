import Foundation
import JukeboxModel
import JukeboxTensor
import JukeboxWeights

/// A `prior` case: the prior built from `<case>.weights.safetensors` and the case's `hps`
/// reproduces the label bins (exactly), the conditioning, the teacher-forced logits, and the
/// greedy and primed KV-cached samples (tokens exactly, step logits within tolerance).
struct PriorCase {
    static let tolerance = 2e-4

    var directory: String
    var name: String
    var json: [String: Any]

    func run() -> VerifyResult {
        do {
            let hp = try decode(PriorHyperparameters.self, json["hps"])
            let vqvae = try vqvaeHyperparameters()
            let prior = try Prior(
                weights: WeightStore(try SafeTensorsReader(path: path("\(name).weights.safetensors"))),
                hyperparameters: hp, vqvae: vqvae)
            let golden = try SafeTensorsReader(path: path("\(name).safetensors"))
            func rows(_ key: String) throws -> [[Int]] { try golden.intRows(key) }
            var worst = 0.0
            var checks: [String] = []
            func compare(_ ours: [Float], _ key: String) throws {
                let theirs = try golden.tensor(named: key).floats()
                guard ours.count == theirs.count else {
                    throw ModelError.invalidInput(reason: "\(key): \(ours.count) values, expected \(theirs.count)")
                }
                for i in 0..<ours.count { worst = max(worst, Double(abs(ours[i] - theirs[i])).nanToInfinity) }
                checks.append(key)
            }
            func exact(_ ours: [[Int]], _ key: String) throws -> Bool {
                checks.append(key)
                return ours == (try rows(key))
            }

            let labels = try rows("input.y")
            let labelCount = 4 + hp.maxBowGenreSize
            let bins = try prior.labelBins(labels.map { Array($0[0..<labelCount]) })
            guard try exact(bins.artist.map { [$0] }, "cond.bins.artist_emb"),
                try exact(bins.genre, "cond.bins.bow_genre_emb")
            else { return result(.fail, nil, "artist or genre bins differ") }
            if golden.entry(named: "cond.bins.total_length_emb") != nil {
                guard try exact(bins.totalLength.map { [$0] }, "cond.bins.total_length_emb"),
                    try exact(bins.absolutePosition, "cond.bins.absolute_pos_emb"),
                    try exact(bins.relativePosition, "cond.bins.relative_pos_emb")
                else { return result(.fail, nil, "timing bins differ") }
            }
            let upper = golden.entry(named: "input.z_cond") != nil ? try rows("input.z_cond") : nil
            let conditioning = try prior.conditioning(labels: labels, upperCodes: upper)
            try compare(conditioning.start.floats(), "cond.y_cond")
            if let condition = conditioning.condition { try compare(condition.floats(), "cond.x_cond") }
            if let kv = conditioning.encoderKV {
                try compare(kv.floats(), "cond.encoder_kv")
                if let acts = conditioning.lyricActivations { try compare(acts.floats(), "cond.prime_acts") }
            }
            try compare(
                try prior.logits(codes: try rows("input.z"), conditioning: conditioning).floats(), "forward.logits")

            var generator = SeededGenerator(seed: 0)
            let greedy = try prior.sample(
                prefix: Array(repeating: [], count: labels.count), conditioning: conditioning,
                options: SamplingOptions(topK: 1, recordLogits: true), using: &generator)
            guard try exact(greedy.tokens, "sample.greedy.tokens") else {
                return result(.fail, worst, "greedy tokens differ")
            }
            try compare(greedy.stepLogits?.floats() ?? [], "sample.greedy.step_logits")

            if let primed = primedSettings() {
                let prefix = try rows("input.z").map { Array($0[0..<primed.prefix]) }
                let sample = try prior.sample(
                    prefix: prefix, length: primed.length, conditioning: conditioning,
                    options: SamplingOptions(topK: 1, chunkSize: primed.chunk, recordLogits: true), using: &generator)
                guard try exact(sample.tokens, "sample.primed.tokens") else {
                    return result(.fail, worst, "primed tokens differ")
                }
                try compare(sample.stepLogits?.floats() ?? [], "sample.primed.step_logits")
            }
            if worst > Self.tolerance {
                return result(.fail, worst, "\(checks.count) checks; largest difference above tolerance")
            }
            return result(.pass, worst, "\(checks.count) checks: bins and tokens exact, tensors within tolerance")
        } catch {
            return result(.fail, nil, "\(error)")
        }
    }

    /// The VQ-VAE the prior was built against: the folder's `vqvae` case when there is one
    /// (the prior cases' own hps carry placeholder VQ-VAE fields), with the prior's `l_bins`.
    func vqvaeHyperparameters() throws -> VQVAEHyperparameters {
        var source = json["hps"]
        if let data = FileManager.default.contents(atPath: path("vqvae.json")),
            let vqvaeCase = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        {
            source = vqvaeCase["hps"]
        }
        var hp = try decode(VQVAEHyperparameters.self, source)
        if let shapes = json["vqvae_used_for_shapes"] as? [String: Any], let bins = shapes["l_bins"] as? Int {
            hp.lBins = bins
        }
        return hp
    }

    /// `(prefix length, chunk size, sample_tokens)` of the primed run, from
    /// `sampling.primed` (`prefix` reads like `input.z[:, :37]`).
    func primedSettings() -> (prefix: Int, chunk: Int, length: Int)? {
        guard let sampling = json["sampling"] as? [String: Any], let primed = sampling["primed"] as? [String: Any],
            let prefixText = primed["prefix"] as? String, let chunk = primed["chunk_size"] as? Int,
            let length = primed["sample_tokens"] as? Int,
            let prefix = Int(prefixText.split(separator: ":").last?.filter(\.isNumber) ?? "")
        else { return nil }
        return (prefix, chunk, length)
    }

    func decode<T: Decodable>(_ type: T.Type, _ object: Any?) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONSerialization.data(withJSONObject: object ?? [:]))
    }

    func path(_ file: String) -> String { (directory as NSString).appendingPathComponent(file) }

    private func result(_ status: VerifyResult.Status, _ maxError: Double?, _ detail: String) -> VerifyResult {
        VerifyResult(
            status: status, name: name, kind: "prior", maxError: maxError, tolerance: Self.tolerance, detail: detail)
    }
}
