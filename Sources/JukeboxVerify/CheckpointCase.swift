import Foundation
import JukeboxWeights

/// The `checkpoint` case: every torch checkpoint listed in its `files` reads to exactly the
/// tensors (keys, dtypes, shapes, bytes) of its safetensors twin.
struct CheckpointCase {
    var directory: String
    var json: [String: Any]

    func run() -> [VerifyResult] {
        let files = json["files"] as? [[String: Any]] ?? []
        guard !files.isEmpty else {
            return [result(.fail, "checkpoint", nil, "the case lists no files")]
        }
        return files.map(check)
    }

    private func check(_ entry: [String: Any]) -> VerifyResult {
        let name = entry["file"] as? String ?? "?"
        guard let twin = entry["safetensors_with_identical_keys_and_dtypes"] as? String else {
            return result(.fail, name, nil, "no safetensors twin named")
        }
        do {
            let checkpoint = try TorchCheckpoint(path: path(name))
            let reference = try SafeTensorsReader(path: path(twin))
            if let count = entry["tensor_count"] as? Int, checkpoint.entries.count != count {
                return result(.fail, name, nil, "\(checkpoint.entries.count) tensors, the case says \(count)")
            }
            if let step = entry["step"] as? Int, checkpoint.step != step {
                return result(
                    .fail, name, nil, "step \(checkpoint.step.map(String.init) ?? "none"), the case says \(step)")
            }
            let ours = Set(checkpoint.names)
            let theirs = Set(reference.names)
            if ours != theirs {
                let missing = theirs.subtracting(ours).sorted().prefix(3)
                let extra = ours.subtracting(theirs).sorted().prefix(3)
                return result(.fail, name, nil, "keys differ (missing \(Array(missing)), extra \(Array(extra)))")
            }
            var worst = 0.0
            var differing: [String] = []
            for tensorEntry in checkpoint.entries {
                let mine = try checkpoint.tensor(tensorEntry)
                let expected = try reference.tensor(named: tensorEntry.name)
                guard mine.dtype == expected.dtype, mine.shape == expected.shape else {
                    return result(
                        .fail, name, nil,
                        "\(tensorEntry.name) is \(mine.dtype) \(mine.shape), expected \(expected.dtype) \(expected.shape)"
                    )
                }
                if mine.bytes != expected.bytes {
                    differing.append(tensorEntry.name)
                    if mine.dtype.isFloatingPoint {
                        let difference =
                            zip(try mine.floats(), try expected.floats()).map { abs(Double($0) - Double($1)) }.max()
                            ?? 0
                        worst = max(worst, difference.isNaN ? .infinity : difference)
                    } else {
                        worst = .infinity
                    }
                }
            }
            if !differing.isEmpty {
                return result(.fail, name, worst, "\(differing.count) tensors differ, first \(differing[0])")
            }
            return result(
                .pass, name, 0,
                "\(checkpoint.entries.count) tensors bit-identical to \(twin) (\(checkpoint.format.rawValue) format)")
        } catch {
            return result(.fail, name, nil, "\(error)")
        }
    }

    private func path(_ file: String) -> String { (directory as NSString).appendingPathComponent(file) }

    private func result(_ status: VerifyResult.Status, _ name: String, _ maxError: Double?, _ detail: String)
        -> VerifyResult
    {
        VerifyResult(status: status, name: name, kind: "checkpoint", maxError: maxError, tolerance: 0, detail: detail)
    }
}
