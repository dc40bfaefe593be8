import Foundation
import JukeboxTensor
import JukeboxTestSupport
import Testing

@testable import JukeboxWeights

/// Hand-built legacy checkpoints exercising views, shared storages and the options of the format.
@Suite struct TorchLegacyFormatTests {
    /// A storage of six floats 0...5.
    static let sixFloats = floatBytes([0, 1, 2, 3, 4, 5])

    func open(_ bytes: [UInt8], stateDict: TorchCheckpoint.StateDictLocation = .automatic) throws -> TorchCheckpoint {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        // The mapping stays valid after the file is unlinked.
        return try TorchCheckpoint(path: directory.write("model.pth.tar", bytes), stateDict: stateDict)
    }

    @Test func nonContiguousViewsBecomeContiguous() throws {
        let object = PickleBuilder.checkpointObject(step: 7) { builder in
            builder.string("transposed")  // storage seen as (2, 3), transposed to (3, 2)
            builder.tensor(storageClass: "FloatStorage", key: "1", numel: 6, offset: 0, shape: [3, 2], stride: [1, 3])
            builder.string("every_other")  // elements 1 and 3
            builder.tensor(storageClass: "FloatStorage", key: "1", numel: 6, offset: 1, shape: [2], stride: [2])
            builder.string("row")  // second row, contiguous with an offset
            builder.tensor(storageClass: "FloatStorage", key: "1", numel: 6, offset: 3, shape: [1, 3], stride: [3, 1])
            builder.string("broadcast")  // stride 0 repeats element 5
            builder.tensor(storageClass: "FloatStorage", key: "1", numel: 6, offset: 5, shape: [2, 2], stride: [0, 0])
        }
        let checkpoint = try open(PickleBuilder.legacyFile(object: object, storages: [("1", 6, Self.sixFloats)]))
        #expect(checkpoint.names == ["transposed", "every_other", "row", "broadcast"])
        #expect(checkpoint.step == 7)
        let transposed = try checkpoint.tensor(named: "transposed")
        #expect(transposed.shape == [3, 2])
        #expect(try transposed.floats() == [0, 3, 1, 4, 2, 5])
        #expect(!transposed.bytes.isMapped)
        #expect(try checkpoint.tensor(named: "every_other").floats() == [1, 3])
        let row = try checkpoint.tensor(named: "row")
        #expect(try row.floats() == [3, 4, 5])
        #expect(row.bytes.isMapped)
        #expect(try checkpoint.tensor(named: "broadcast").floats() == [5, 5, 5, 5])
    }

    @Test func storageViewsAndHalfStoragesAreHonoured() throws {
        // Half floats 1, 2, 3, 4 (0x3C00, 0x4000, 0x4200, 0x4400); the view covers elements 2..<4.
        let halves: [UInt8] = [0x00, 0x3C, 0x00, 0x40, 0x00, 0x42, 0x00, 0x44]
        let object = PickleBuilder.checkpointObject(step: 1) { builder in
            builder.string("module.tail")
            builder.tensor(
                storageClass: "HalfStorage", key: "9", numel: 4, offset: 1, shape: [1], stride: [1],
                view: (key: "9v", offset: 2, numel: 2))
        }
        let checkpoint = try open(PickleBuilder.legacyFile(object: object, storages: [("9", 4, halves)]))
        #expect(checkpoint.names == ["tail"])  // `module.` is stripped
        let tail = try checkpoint.tensor(named: "tail")
        #expect(tail.dtype == .float16)
        #expect(try tail.floats() == [4])
    }

    @Test func viewsReachingPastTheirStorageAreRejectedAtOpen() throws {
        let object = PickleBuilder.checkpointObject(step: 1) { builder in
            builder.string("too.long")
            builder.tensor(storageClass: "FloatStorage", key: "1", numel: 6, offset: 2, shape: [5], stride: [1])
        }
        let error = weightsError {
            try open(PickleBuilder.legacyFile(object: object, storages: [("1", 6, Self.sixFloats)]))
        }
        guard case .invalidView(_, let tensor, _)? = error else {
            Issue.record("expected invalidView, got \(String(describing: error))")
            return
        }
        #expect(tensor == "too.long")
    }

    @Test func storageCountDisagreeingWithThePickleIsRejected() throws {
        let object = PickleBuilder.checkpointObject(step: 1) { builder in
            builder.string("w")
            builder.tensor(storageClass: "FloatStorage", key: "1", numel: 6, offset: 0, shape: [6], stride: [1])
        }
        let error = weightsError {
            try open(PickleBuilder.legacyFile(object: object, storages: [("1", 5, Array(Self.sixFloats.prefix(20)))]))
        }
        guard case .storageMismatch(_, let key, let expected, let actual, _)? = error else {
            Issue.record("expected storageMismatch, got \(String(describing: error))")
            return
        }
        #expect(key == "1" && expected == 6 && actual == 5)
    }

    @Test func bigEndianFilesAreRefused() throws {
        let object = PickleBuilder.checkpointObject(step: 1) { _ in }
        let error = weightsError {
            try open(PickleBuilder.legacyFile(object: object, storages: [], littleEndian: false))
        }
        guard case .notACheckpoint? = error else {
            Issue.record("expected notACheckpoint, got \(String(describing: error))")
            return
        }
    }

    @Test func rebuildParameterAndExplicitStateDictKey() throws {
        var builder = PickleBuilder()
        builder.emptyDict()
        builder.mark()
        builder.string("weights")
        builder.emptyDict()
        builder.mark()
        builder.string("p")
        builder.global("torch._utils", "_rebuild_parameter")
        builder.mark()
        builder.tensor(storageClass: "FloatStorage", key: "1", numel: 6, offset: 0, shape: [2, 3], stride: [3, 1])
        builder.bool(true)
        builder.global("collections", "OrderedDict")
        builder.emptyTuple()
        builder.reduce()
        builder.tuple()
        builder.reduce()
        builder.setItems()
        builder.setItems()
        builder.stop()
        let bytes = PickleBuilder.legacyFile(object: builder.bytes, storages: [("1", 6, Self.sixFloats)])
        // No 'model' key: automatic lookup fails, naming the problem; an explicit key works.
        guard case .stateDictNotFound? = weightsError({ try open(bytes) }) else {
            Issue.record("expected stateDictNotFound")
            return
        }
        let checkpoint = try open(bytes, stateDict: .key("weights"))
        #expect(try checkpoint.tensor(named: "p").floats() == [0, 1, 2, 3, 4, 5])
        #expect(try checkpoint.tensor(named: "p").shape == [2, 3])
        guard case .tensorNotFound(_, "q")? = weightsError({ try checkpoint.tensor(named: "q") }) else {
            Issue.record("expected tensorNotFound")
            return
        }
    }

    @Test func convertsToSafeTensorsWithIdenticalTensors() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let checkpoint = try TorchCheckpoint(path: Golden.path("checkpoint.prior_upsampler_l1.legacy.pth.tar"))
        let output = directory.path("converted.safetensors")
        try checkpoint.writeSafeTensors(to: output, metadata: ["source": "checkpoint.prior_upsampler_l1"])
        let converted = try SafeTensorsReader(path: output)
        let twin = try SafeTensorsReader(path: Golden.path("checkpoint.prior_upsampler_l1.safetensors"))
        #expect(converted.metadata == ["source": "checkpoint.prior_upsampler_l1"])
        #expect(converted.names == checkpoint.names)
        for name in twin.names {
            #expect(try converted.tensor(named: name) == twin.tensor(named: name), "\(name)")
        }
    }
}
