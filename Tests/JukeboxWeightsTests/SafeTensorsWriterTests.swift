import Foundation
import JukeboxTensor
import JukeboxTestSupport
import Testing

@testable import JukeboxWeights

/// Writing safetensors files: round trips, streaming order and atomicity.
@Suite struct SafeTensorsWriterTests {
    @Test func roundTripsEveryDType() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        var tensors: [WeightTensor] = []
        for (index, dtype) in DType.allCases.enumerated() {
            let shape = [2, index + 1]
            let count = shape.reduce(1, *) * dtype.byteSize
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 * 31 + index) }
            tensors.append(WeightTensor(name: "t.\(dtype)", dtype: dtype, shape: shape, bytes: ByteRegion(bytes)))
        }
        tensors.append(
            WeightTensor(name: "scalar \"quoted\"\n", dtype: .float32, shape: [], bytes: ByteRegion(floatBytes([2.5]))))
        tensors.append(WeightTensor(name: "empty", dtype: .int64, shape: [3, 0], bytes: ByteRegion([])))
        let path = directory.path("out.safetensors")
        try SafeTensorsWriter.write(to: path, tensors: tensors, metadata: ["format": "pt", "note": "ünïcode"])
        let reader = try SafeTensorsReader(path: path)
        #expect(reader.names == tensors.map(\.name))
        #expect(reader.metadata == ["format": "pt", "note": "ünïcode"])
        for tensor in tensors {
            #expect(try reader.tensor(named: tensor.name) == tensor, "\(tensor.name)")
        }
        // The data section starts 8-byte aligned.
        let headerLength = try reader.file.readLittleEndian(UInt64.self, at: 0)
        #expect(headerLength % 8 == 0)
        #expect(try directory.contents() == ["out.safetensors"])
    }

    @Test func rewritesAGoldenFileByteForByteInTensorContent() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let original = try SafeTensorsReader(path: Golden.path("prior_top_5b.weights.safetensors"))
        let path = directory.path("copy.safetensors")
        try SafeTensorsWriter.write(to: path, tensors: try original.allTensors())
        let copy = try SafeTensorsReader(path: path)
        #expect(copy.names == original.names)
        #expect(try copy.allTensors() == original.allTensors())
    }

    @Test func streamsOneTensorAtATimeInOrder() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let descriptors = (0..<5).map { SafeTensorsWriter.Descriptor(name: "layer.\($0)", dtype: .float32, shape: [3]) }
        var requested: [Int] = []
        try SafeTensorsWriter.write(to: directory.path("s.safetensors"), descriptors: descriptors) { index in
            requested.append(index)
            return ByteRegion(floatBytes([Float(index), 0, -Float(index)]))
        }
        #expect(requested == [0, 1, 2, 3, 4])
        let reader = try SafeTensorsReader(path: directory.path("s.safetensors"))
        #expect(try reader.tensor(named: "layer.3").floats() == [3, 0, -3])
    }

    @Test func failuresLeaveNoFileBehind() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let path = directory.path("atomic.safetensors")
        try SafeTensorsWriter.write(
            to: path, tensors: [WeightTensor(name: "old", dtype: .uint8, shape: [1], bytes: ByteRegion([9]))])
        let descriptors = [
            SafeTensorsWriter.Descriptor(name: "a", dtype: .float32, shape: [2]),
            SafeTensorsWriter.Descriptor(name: "b", dtype: .float32, shape: [2]),
        ]
        // The second tensor comes back one float short.
        let error = weightsError {
            try SafeTensorsWriter.write(to: path, descriptors: descriptors) { index in
                ByteRegion(floatBytes(index == 0 ? [1, 2] : [3]))
            }
        }
        guard case .byteCountMismatch(_, "b", 8, 4)? = error else {
            Issue.record("expected byteCountMismatch, got \(String(describing: error))")
            return
        }
        // The previous file is untouched and no temporary file is left.
        #expect(try SafeTensorsReader(path: path).names == ["old"])
        #expect(try directory.contents() == ["atomic.safetensors"])

        guard
            case .duplicateTensor(_, "a")? = weightsError({
                try SafeTensorsWriter.write(to: path, descriptors: [descriptors[0], descriptors[0]]) { _ in
                    ByteRegion([])
                }
            })
        else {
            Issue.record("expected duplicateTensor")
            return
        }
        guard
            case .writeFailed? = weightsError({
                try SafeTensorsWriter.write(to: "/nonexistent-dir/x.safetensors", tensors: [])
            })
        else {
            Issue.record("expected writeFailed")
            return
        }
    }
}
