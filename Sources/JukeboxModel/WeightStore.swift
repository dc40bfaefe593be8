import JukeboxTensor
import JukeboxWeights

/// Hands out a weights file's tensors by their official names as `Tensor`s that are views
/// of the mapped file: no copy when the bytes are aligned for their type (bundles written by
/// `convert` always are), a copy otherwise.
public struct WeightStore: Sendable {
    private let reader: SafeTensorsReader

    public init(_ reader: SafeTensorsReader) {
        self.reader = reader
    }

    /// The tensor `name`, checked against `shape` when given.
    /// - Throws: `ModelError.missingWeight`, `.weightShape`; `WeightsError` for a damaged file.
    public func tensor(_ name: String, shape: [Int]? = nil) throws -> Tensor {
        guard reader.entry(named: name) != nil else { throw ModelError.missingWeight(name: name) }
        let weight = try reader.tensor(named: name)
        if let shape, shape != weight.shape {
            throw ModelError.weightShape(name: name, expected: shape, actual: weight.shape)
        }
        return weight.bytes.withUnsafeBytes { raw -> Tensor in
            let aligned = Int(bitPattern: raw.baseAddress) % weight.dtype.byteSize == 0
            if aligned, let base = raw.baseAddress, weight.bytes.isMapped {
                let storage = TensorStorage(borrowing: base, byteCount: raw.count, owner: reader.file)
                return Tensor(shape: weight.shape, dtype: weight.dtype, storage: storage)
            }
            let storage = TensorStorage(byteCount: max(raw.count, 1))
            if raw.count > 0 { storage.baseAddress.copyMemory(from: raw.baseAddress!, byteCount: raw.count) }
            return Tensor(shape: weight.shape, dtype: weight.dtype, storage: storage)
        }
    }
}
