import JukeboxWeights

extension SafeTensorsReader {
    /// The integer tensor `key` as rows of its first dimension, e.g. codes (batch, time).
    func intRows(_ key: String) throws -> [[Int]] {
        let tensor = try tensor(named: key)
        let values = try tensor.int64s().map { Int($0) }
        let width = max(tensor.shape.dropFirst().reduce(1, *), 1)
        return stride(from: 0, to: values.count, by: width).map { Array(values[$0..<($0 + width)]) }
    }
}
