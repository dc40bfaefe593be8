import Foundation
import JukeboxTestSupport
import Testing

@testable import JukeboxWeights

/// Builds a stored (uncompressed) ZIP archive, optionally with ZIP64 records for every size and offset.
struct ZipBuilder {
    var entries: [(name: String, data: [UInt8])] = []

    func build(zip64: Bool) -> [UInt8] {
        var output: [UInt8] = []
        var central: [UInt8] = []
        let saturated: UInt32 = 0xFFFF_FFFF
        for entry in entries {
            let name = Array(entry.name.utf8)
            let offset = output.count
            output += littleEndian(UInt32(0x0403_4B50)) + littleEndian(UInt16(45)) + littleEndian(UInt16(0))
            output += littleEndian(UInt16(0)) + littleEndian(UInt32(0)) + littleEndian(UInt32(0))  // method, time, crc
            output += littleEndian(UInt32(entry.data.count)) + littleEndian(UInt32(entry.data.count))
            output += littleEndian(UInt16(name.count)) + littleEndian(UInt16(0)) + name + entry.data
            let extra: [UInt8] =
                zip64
                ? littleEndian(UInt16(1)) + littleEndian(UInt16(24)) + littleEndian(UInt64(entry.data.count))
                    + littleEndian(UInt64(entry.data.count)) + littleEndian(UInt64(offset))
                : []
            central += littleEndian(UInt32(0x0201_4B50)) + littleEndian(UInt16(45)) + littleEndian(UInt16(45))
            central +=
                littleEndian(UInt16(0)) + littleEndian(UInt16(0)) + littleEndian(UInt32(0)) + littleEndian(UInt32(0))
            central += littleEndian(zip64 ? saturated : UInt32(entry.data.count))
            central += littleEndian(zip64 ? saturated : UInt32(entry.data.count))
            central += littleEndian(UInt16(name.count)) + littleEndian(UInt16(extra.count)) + littleEndian(UInt16(0))
            central += littleEndian(UInt16(0)) + littleEndian(UInt16(0)) + littleEndian(UInt32(0))
            central += littleEndian(zip64 ? saturated : UInt32(offset)) + name + extra
        }
        let directoryOffset = output.count
        output += central
        if zip64 {
            let end64 = output.count
            output += littleEndian(UInt32(0x0606_4B50)) + littleEndian(UInt64(44)) + littleEndian(UInt16(45))
            output += littleEndian(UInt16(45)) + littleEndian(UInt32(0)) + littleEndian(UInt32(0))
            output += littleEndian(UInt64(entries.count)) + littleEndian(UInt64(entries.count))
            output += littleEndian(UInt64(central.count)) + littleEndian(UInt64(directoryOffset))
            output += littleEndian(UInt32(0x0706_4B50)) + littleEndian(UInt32(0)) + littleEndian(UInt64(end64))
            output += littleEndian(UInt32(1))
        }
        output += littleEndian(UInt32(0x0605_4B50)) + littleEndian(UInt16(0)) + littleEndian(UInt16(0))
        output += littleEndian(UInt16(zip64 ? 0xFFFF : UInt16(entries.count)))
        output += littleEndian(UInt16(zip64 ? 0xFFFF : UInt16(entries.count)))
        output += littleEndian(zip64 ? saturated : UInt32(central.count))
        output += littleEndian(zip64 ? saturated : UInt32(directoryOffset)) + littleEndian(UInt16(0))
        return output
    }
}

@Suite struct ZipDirectoryTests {
    /// A torch zip archive holding `{'w': tensor}` with a zip-style 5-field persistent id.
    static func torchArchive() -> ZipBuilder {
        var pickle = PickleBuilder()
        pickle.emptyDict()
        pickle.mark()
        pickle.string("w")
        pickle.global("torch._utils", "_rebuild_tensor_v2")
        pickle.mark()
        pickle.mark()
        pickle.string("storage")
        pickle.global("torch", "FloatStorage")
        pickle.string("0")
        pickle.string("cpu")
        pickle.int(4)
        pickle.tuple()
        pickle.binPersID()
        pickle.int(0)
        pickle.intTuple([2, 2])
        pickle.intTuple([1, 2])  // transposed
        pickle.bool(false)
        pickle.global("collections", "OrderedDict")
        pickle.emptyTuple()
        pickle.reduce()
        pickle.tuple()
        pickle.reduce()
        pickle.setItems()
        pickle.stop()
        var builder = ZipBuilder()
        builder.entries = [
            ("model/data.pkl", pickle.bytes), ("model/byteorder", Array("little".utf8)),
            ("model/data/0", floatBytes([1, 2, 3, 4])), ("model/version", Array("3\n".utf8)),
        ]
        return builder
    }

    @Test(arguments: [false, true])
    func readsStoredArchives(zip64: Bool) throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let path = try directory.write("model.pth", Self.torchArchive().build(zip64: zip64))
        let zip = try ZipDirectory(file: MappedFile(path: path))
        #expect(zip.entries.map(\.name) == ["model/data.pkl", "model/byteorder", "model/data/0", "model/version"])
        let data = try #require(zip.entry(named: "model/data/0"))
        #expect(data.size == 16)
        #expect(try zip.file.copyBytes(zip.dataRange(of: data)) == floatBytes([1, 2, 3, 4]))

        let checkpoint = try TorchCheckpoint(path: path)
        #expect(checkpoint.format == .zip)
        #expect(try checkpoint.tensor(named: "w").floats() == [1, 3, 2, 4])
    }

    @Test func bigEndianArchivesAreRefused() throws {
        var builder = Self.torchArchive()
        builder.entries[1].data = Array("big".utf8)
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let path = try directory.write("model.pth", builder.build(zip64: false))
        guard case .notACheckpoint? = weightsError({ try TorchCheckpoint(path: path) }) else {
            Issue.record("expected notACheckpoint")
            return
        }
    }

    @Test func storageOfTheWrongSizeIsRejected() throws {
        var builder = Self.torchArchive()
        builder.entries[2].data = floatBytes([1, 2, 3])
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let path = try directory.write("model.pth", builder.build(zip64: false))
        guard case .storageMismatch(_, "0", 16, 12, _)? = weightsError({ try TorchCheckpoint(path: path) }) else {
            Issue.record("expected storageMismatch")
            return
        }
    }

    @Test func archivesWithoutDataPickleAreRejected() throws {
        var builder = Self.torchArchive()
        builder.entries.removeFirst()
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let path = try directory.write("model.pth", builder.build(zip64: false))
        guard case .missingZipEntry? = weightsError({ try TorchCheckpoint(path: path) }) else {
            Issue.record("expected missingZipEntry")
            return
        }
    }

    @Test func damagedDirectoriesAreInvalidZips() throws {
        let good = Self.torchArchive().build(zip64: false)
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        var badSignature = good
        let central = try #require(TorchCheckpointCorruptionTests.find([0x50, 0x4B, 0x01, 0x02], in: good))
        badSignature[central] = 0
        let noEnd = Array(good.dropLast(22))
        var hugeCount = good
        hugeCount[good.count - 12] = 0xFF  // 255 entries claimed by a directory that holds four
        for (label, bytes) in [("bad signature", badSignature), ("no end record", noEnd), ("huge count", hugeCount)] {
            let path = try directory.write("\(label).zip", bytes)
            guard case .invalidZip? = weightsError({ try ZipDirectory(file: MappedFile(path: path)) }) else {
                Issue.record("\(label): expected invalidZip")
                continue
            }
        }
    }
}
