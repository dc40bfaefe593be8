// Port of jukebox/sample.py (load_codes) @ 08efbbc
import JukeboxWeights

/// Codes saved by the reference's driver (`level_L/data.pth.tar`, a dict with `zs`).
public enum SavedCodes {
    /// Reads `zs` from a codes file (`load_codes` without the cut): `codes[level][take]`.
    /// Other entries (`labels`, `sampling_kwargs`, `x`) are not read.
    /// - Parameter path: a legacy or zip `torch.save` file.
    /// - Throws: ``EngineError/unreadableCodesFile(path:reason:)`` when `zs` is missing or not a
    ///   list of (takes, time) integer tensors; `WeightsError` for a damaged file.
    public static func read(path: String) throws -> [[[Int]]] {
        let file = try TorchCheckpoint(path: path, stateDict: .none)
        guard let zs = file.root["zs"]?.elements else {
            throw EngineError.unreadableCodesFile(path: path, reason: "no list 'zs' at the top level")
        }
        return try zs.enumerated().map { level, value in
            guard case .tensor(let reference) = value else {
                throw EngineError.unreadableCodesFile(path: path, reason: "zs[\(level)] is not a tensor")
            }
            let tensor = try file.tensor(reference, name: "zs.\(level)")
            guard tensor.shape.count == 2 else {
                throw EngineError.unreadableCodesFile(
                    path: path, reason: "zs[\(level)] has shape \(tensor.shape), expected (takes, time)")
            }
            let values = try tensor.int64s()
            let (takes, time) = (tensor.shape[0], tensor.shape[1])
            return (0..<takes).map { take in values[(take * time)..<((take + 1) * time)].map { Int($0) } }
        }
    }

    /// Cuts every level to `duration` raw samples (`load_codes` with a duration).
    /// - Parameters:
    ///   - codes: `codes[level][take]`.
    ///   - duration: raw samples to keep, a multiple of the top level's hop.
    ///   - hopLengths: raw samples per token of each level.
    /// - Throws: ``EngineError/invalidCodes(level:reason:)`` when the duration is not a multiple of
    ///   the top hop or longer than the top level's codes.
    public static func cut(_ codes: [[[Int]]], toDuration duration: Int, hopLengths: [Int]) throws(EngineError)
        -> [[[Int]]]
    {
        precondition(codes.count == hopLengths.count, "one hop length per level")
        let top = codes.count - 1
        guard duration % hopLengths[top] == 0 else {
            throw EngineError.invalidCodes(
                level: top, reason: "duration \(duration) is not a multiple of the top hop \(hopLengths[top])")
        }
        guard codes[top].allSatisfy({ $0.count >= duration / hopLengths[top] }) else {
            throw EngineError.invalidCodes(
                level: top, reason: "cut-off tokens \(duration / hopLengths[top]) longer than the saved codes")
        }
        return zip(codes, hopLengths).map { rows, hop in rows.map { Array($0.prefix(duration / hop)) } }
    }
}
