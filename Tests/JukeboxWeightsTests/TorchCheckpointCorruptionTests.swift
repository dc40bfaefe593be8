import Foundation
import JukeboxTestSupport
import Testing

@testable import JukeboxWeights

/// Damaged copies of the golden checkpoints fail with the right typed error and never crash.
@Suite struct TorchCheckpointCorruptionTests {
    static let legacyName = "checkpoint.prior_upsampler_l1.legacy.pth.tar"
    static let zipName = "checkpoint.prior_top_5b.zip.pth"

    /// Writes `bytes` to a temporary file and tries to open and fully read it as a checkpoint.
    func load(_ bytes: [UInt8]) throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let checkpoint = try TorchCheckpoint(path: directory.write("damaged.pth", bytes))
        for entry in checkpoint.entries { _ = try checkpoint.tensor(entry) }
    }

    @Test func truncatedLegacyFilesFail() throws {
        let bytes = try Golden.bytes(Self.legacyName)
        // Inside the magic pickle, the sys_info pickle, the main pickle, the key list, the first storage record
        // header, a storage's data, and one byte short of the end.
        for cut in [3, 30, 2_000, 28_950, 32_390, 100_000, bytes.count - 1] {
            let error = weightsError { try load(Array(bytes.prefix(cut))) }
            switch error {
            case .malformedPickle?, .storageMismatch?, .outOfBounds?, .notACheckpoint?: break
            default: Issue.record("cut at \(cut): unexpected \(String(describing: error))")
            }
        }
        // The last storage is the one that no longer fits; the error names it.
        guard case .storageMismatch(_, let key, _, _, _)? = weightsError({ try load(Array(bytes.dropLast())) }) else {
            Issue.record("expected storageMismatch for a file one byte short")
            return
        }
        #expect(key == "94231581660336")
    }

    @Test func truncatedZipFilesFail() throws {
        let bytes = try Golden.bytes(Self.zipName)
        for cut in [10, 40_000, 500_000, bytes.count - 10] {
            let error = weightsError { try load(Array(bytes.prefix(cut))) }
            switch error {
            case .invalidZip?, .outOfBounds?: break
            default: Issue.record("cut at \(cut): unexpected \(String(describing: error))")
            }
        }
    }

    @Test func flippedBytesInTheLegacyHeaderAndPickleFail() throws {
        let original = try Golden.bytes(Self.legacyName)
        var magic = original
        magic[5] ^= 0xFF  // the magic number
        guard case .notACheckpoint? = weightsError({ try load(magic) }) else {
            Issue.record("expected notACheckpoint for a bad magic number")
            return
        }
        var version = original
        version[18] = 0xEA  // protocol version 1001 -> 1002
        guard case .notACheckpoint? = weightsError({ try load(version) }) else {
            Issue.record("expected notACheckpoint for a bad protocol version")
            return
        }
        var opcode = original
        opcode[4_508] = 0xFE  // the GLOBAL opcode of 'collections OrderedDict'
        guard case .unknownOpcode(_, let offset, 0xFE)? = weightsError({ try load(opcode) }) else {
            Issue.record("expected unknownOpcode")
            return
        }
        #expect(offset == 4_508 - 137)  // counted from the start of the main pickle
        var global = original
        global[4_510] = UInt8(ascii: "k")  // 'collections' -> 'ckllections'
        guard case .forbiddenGlobal(_, "ckllections", "OrderedDict", _)? = weightsError({ try load(global) }) else {
            Issue.record("expected forbiddenGlobal")
            return
        }
        var length = original
        length[4_544] = 0xFF  // the top byte of a BINUNICODE length: far past the end
        guard case .malformedPickle? = weightsError({ try load(length) }) else {
            Issue.record("expected malformedPickle for an oversized string length")
            return
        }
    }

    @Test func everySingleByteFlipInTheMainPickleIsHandled() throws {
        // Flip each of the first 4 KB of the main pickle: the result is an error or a valid checkpoint, never a
        // crash or a hang.
        let original = try Golden.bytes(Self.legacyName)
        var failures = 0
        for position in stride(from: 137, to: 137 + 4_096, by: 13) {
            var bytes = original
            bytes[position] ^= 0x5A
            do {
                try load(bytes)
            } catch is WeightsError {
                failures += 1
            }
        }
        #expect(failures > 0)
    }

    @Test func compressedZipEntriesAreRejected() throws {
        var bytes = try Golden.bytes(Self.zipName)
        // Mark the first entry (data.pkl) as deflated in its local and central headers.
        bytes[8] = 8
        let central = try #require(Self.find([0x50, 0x4B, 0x01, 0x02], in: bytes))
        bytes[central + 10] = 8
        guard case .compressedZipEntry(_, let entry, 8)? = weightsError({ try load(bytes) }) else {
            Issue.record("expected compressedZipEntry")
            return
        }
        #expect(entry.hasSuffix("data.pkl"))
    }

    @Test func missingZipStorageIsNamed() throws {
        var bytes = try Golden.bytes(Self.zipName)
        // Walk the central directory and rename the entry 'data/0' to 'data/X'.
        let target = Array("checkpoint.prior_top_5b.zip/data/0".utf8)
        var record = try #require(Self.find([0x50, 0x4B, 0x01, 0x02], in: bytes))
        var renamed = false
        while bytes[record..<(record + 4)].elementsEqual([0x50, 0x4B, 0x01, 0x02]) {
            let nameLength = Int(bytes[record + 28]) | Int(bytes[record + 29]) << 8
            let extraLength = Int(bytes[record + 30]) | Int(bytes[record + 31]) << 8
            let commentLength = Int(bytes[record + 32]) | Int(bytes[record + 33]) << 8
            if Array(bytes[(record + 46)..<(record + 46 + nameLength)]) == target {
                bytes[record + 46 + nameLength - 1] = UInt8(ascii: "X")
                renamed = true
            }
            record += 46 + nameLength + extraLength + commentLength
        }
        #expect(renamed)
        guard case .missingStorage(_, "0")? = weightsError({ try load(bytes) }) else {
            Issue.record("expected missingStorage for key 0")
            return
        }
    }

    @Test func filesThatAreNotCheckpointsAreNamedAsSuch() throws {
        guard case .notACheckpoint? = weightsError({ try load(Array("hello, world".utf8)) }) else {
            Issue.record("expected notACheckpoint")
            return
        }
        guard case .notACheckpoint? = weightsError({ try load([]) }) else {
            Issue.record("expected notACheckpoint for an empty file")
            return
        }
        guard case .cannotOpen? = weightsError({ try TorchCheckpoint(path: "/nonexistent/model.pth") }) else {
            Issue.record("expected cannotOpen")
            return
        }
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0], Array(haystack[index..<(index + needle.count)]) == needle { return index }
            index += 1
        }
        return nil
    }
}
