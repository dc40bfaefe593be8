/// Turning strided storage views into contiguous ``WeightTensor``s.
extension TorchCheckpoint {
    /// Checks that every element the view can address lies inside its storage (and storage view).
    ///
    /// - Throws: ``WeightsError/missingStorage(path:key:)`` or ``WeightsError/invalidView(path:tensor:reason:)``.
    static func checkView(_ reference: TorchTensorRef, name: String, storages: [String: Range<Int>], path: String)
        throws
    {
        let storage = reference.storage
        guard storages[storage.key] != nil else { throw WeightsError.missingStorage(path: path, key: storage.key) }
        guard reference.elementCount > 0 else { return }
        var last = reference.storageOffset
        for (size, step) in zip(reference.shape, reference.stride) {
            let (reach, overflowA) = (size - 1).multipliedReportingOverflow(by: step)
            let (sum, overflowB) = last.addingReportingOverflow(reach)
            guard !overflowA, !overflowB else {
                throw WeightsError.invalidView(path: path, tensor: name, reason: "offset arithmetic overflows")
            }
            last = sum
        }
        guard last < storage.viewNumel else {
            throw WeightsError.invalidView(
                path: path, tensor: name,
                reason: "reaches element \(last) of a storage with \(storage.viewNumel) elements "
                    + "(offset \(reference.storageOffset), size \(reference.shape), stride \(reference.stride))")
        }
    }

    /// Reads one tensor: a view of the file when contiguous, otherwise a gathered copy.
    static func materialize(_ entry: Entry, storage range: Range<Int>, file: MappedFile) throws -> WeightTensor {
        let reference = entry.reference
        let width = reference.dtype.byteSize
        let count = reference.elementCount
        // First element, in elements from the start of the root storage.
        let first = reference.storage.viewOffset + reference.storageOffset
        if count == 0 {
            return WeightTensor(name: entry.name, dtype: reference.dtype, shape: reference.shape, bytes: ByteRegion([]))
        }
        if reference.isContiguous {
            let bytes = try file.region(
                (range.lowerBound + first * width)..<(range.lowerBound + (first + count) * width))
            return WeightTensor(name: entry.name, dtype: reference.dtype, shape: reference.shape, bytes: bytes)
        }
        let gathered = try file.withBytes(range) { source -> [UInt8] in
            var output = [UInt8](repeating: 0, count: count * width)
            output.withUnsafeMutableBytes { target in
                // Odometer over the index space, outermost dimension first.
                var index = [Int](repeating: 0, count: reference.shape.count)
                var offset = first
                for element in 0..<count {
                    let from = offset * width
                    precondition(from + width <= source.count, "view escaped a checked storage")
                    target.baseAddress!.advanced(by: element * width)
                        .copyMemory(from: source.baseAddress!.advanced(by: from), byteCount: width)
                    var dimension = reference.shape.count - 1
                    while dimension >= 0 {
                        index[dimension] += 1
                        offset += reference.stride[dimension]
                        if index[dimension] < reference.shape[dimension] { break }
                        offset -= reference.stride[dimension] * reference.shape[dimension]
                        index[dimension] = 0
                        dimension -= 1
                    }
                }
            }
            return output
        }
        return WeightTensor(
            name: entry.name, dtype: reference.dtype, shape: reference.shape, bytes: ByteRegion(gathered))
    }
}
