import Foundation
import JukeboxModel
import JukeboxTensor
import JukeboxWeights

/// A `vqvae` case: the model built from `<case>.weights.safetensors` and the case's `hps`
/// reproduces every encoder block output, the codes (exactly), the dequantised vectors, every
/// decoder block output and the decoded audio of each level in `<case>.safetensors`.
struct VQVAECase {
    static let tolerance = 1e-4

    var directory: String
    var name: String
    var json: [String: Any]

    func run() -> VerifyResult {
        do {
            let hpData = try JSONSerialization.data(withJSONObject: json["hps"] ?? [:])
            let hp = try JSONDecoder().decode(VQVAEHyperparameters.self, from: hpData)
            let model = try VQVAE(
                hp, weights: WeightStore(try SafeTensorsReader(path: path("\(name).weights.safetensors"))))
            let golden = try SafeTensorsReader(path: path("\(name).safetensors"))
            let input = try golden.tensor(named: "input.audio")  // (batch, time, 1)
            let audio = Tensor(try input.floats(), shape: [input.shape[0], 1, input.shape[1]])
            var worst = 0.0
            var compared = 0
            func compare(_ ours: [Float], _ key: String) throws {
                let theirs = try golden.tensor(named: key).floats()
                guard ours.count == theirs.count else {
                    throw ModelError.invalidInput(reason: "\(key): \(ours.count) values, expected \(theirs.count)")
                }
                for i in 0..<ours.count { worst = max(worst, Double(abs(ours[i] - theirs[i])).nanToInfinity) }
                compared += 1
            }
            let codes = try model.encode(audio, levels: Array(0..<hp.levels))
            for level in 0..<hp.levels {
                for (block, output) in model.encoderOutputs(audio, level: level).enumerated() {
                    let key = "encoder\(level).level_block\(block).out"
                    if golden.entry(named: key) != nil { try compare(output.floats(), key) }
                }
                let reference = try golden.tensor(named: "codes.level\(level)")
                let ours = codes[level].flatMap { $0.map(Int64.init) }
                let mismatches = zip(ours, try reference.int64s()).filter { $0 != $1 }.count
                if mismatches > 0 || ours.count != reference.elementCount {
                    return result(.fail, worst, "level \(level): \(mismatches) of \(ours.count) codes differ")
                }
                // Decode from the stored codes, independent of the encoder.
                let stored = try golden.intRows("codes.level\(level)")
                let vectors = try model.dequantise(stored, level: level)
                try compare(vectors.floats(), "dequantised.level\(level)")
                let (blocks, decoded) = model.decoderOutputs(vectors, level: level)
                for (runIndex, output) in blocks.enumerated() {
                    let key = "decoder\(level).level_block\(level - runIndex).out"
                    if golden.entry(named: key) != nil {
                        try compare(output.floats(), key)
                    } else if let first = golden.entry(named: key + ".first2048") {
                        try compare(Self.firstSteps(output, first.shape[2]), key + ".first2048")
                    }
                }
                try compare(decoded.floats(), "decoded.level\(level)")
            }
            if worst > Self.tolerance {
                return result(.fail, worst, "\(compared) tensors compared; largest difference above tolerance")
            }
            return result(.pass, worst, "codes identical at \(hp.levels) levels, \(compared) tensors within tolerance")
        } catch {
            return result(.fail, nil, "\(error)")
        }
    }

    /// The first `count` time steps of an NCT tensor.
    static func firstSteps(_ x: Tensor, _ count: Int) -> [Float] {
        let (batch, channels, time) = (x.shape[0], x.shape[1], x.shape[2])
        let values = x.floats()
        var out: [Float] = []
        for row in 0..<(batch * channels) { out += values[(row * time)..<(row * time + count)] }
        return out
    }

    private func path(_ file: String) -> String { (directory as NSString).appendingPathComponent(file) }

    private func result(_ status: VerifyResult.Status, _ maxError: Double?, _ detail: String) -> VerifyResult {
        VerifyResult(
            status: status, name: name, kind: "vqvae", maxError: maxError, tolerance: Self.tolerance, detail: detail)
    }
}

extension Double {
    /// NaN counts as an infinitely large error.
    var nanToInfinity: Double { isNaN ? .infinity : self }
}
