import Foundation
import JukeboxTensor
import JukeboxTestSupport
import Testing

@testable import JukeboxWeights

/// Reading safetensors files, good and bad.
@Suite struct SafeTensorsReaderTests {
    /// A file made of an 8-byte length, `header` (unpadded) and `data`.
    static func file(header: String, data: [UInt8], declaredLength: UInt64? = nil) -> [UInt8] {
        let json = Array(header.utf8)
        return littleEndian(declaredLength ?? UInt64(json.count)) + json + data
    }

    func read(_ bytes: [UInt8]) throws -> SafeTensorsReader {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        return try SafeTensorsReader(path: directory.write("t.safetensors", bytes))
    }

    @Test func readsAHandWrittenFile() throws {
        let header = """
            {"__metadata__":{"format":"pt"},"b":{"dtype":"BF16","shape":[2],"data_offsets":[16,20]},
             "a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},
             "s":{"dtype":"I64","shape":[],"data_offsets":[20,28]},
             "e":{"dtype":"U8","shape":[0,3],"data_offsets":[28,28]}}
            """
        let data = floatBytes([1, -2, 0.5, 3]) + [0x80, 0x3F, 0x00, 0xC0] + littleEndian(Int64(-7))
        let reader = try read(Self.file(header: header, data: data))
        #expect(reader.names == ["b", "a", "s", "e"])
        #expect(reader.metadata == ["format": "pt"])
        let a = try reader.tensor(named: "a")
        #expect(a.dtype == .float32 && a.shape == [2, 2] && a.bytes.isMapped)
        #expect(try a.floats() == [1, -2, 0.5, 3])
        #expect(try reader.tensor(named: "b").floats() == [1, -2])  // bfloat16 0x3F80, 0xC000
        #expect(try reader.tensor(named: "s").int64s() == [-7])
        #expect(try reader.tensor(named: "e").elementCount == 0)
        guard case .unsupportedConversion(_, .int64, _)? = weightsError({ try reader.tensor(named: "s").floats() })
        else {
            Issue.record("expected unsupportedConversion")
            return
        }
        guard case .tensorNotFound(_, "zz")? = weightsError({ try reader.tensor(named: "zz") }) else {
            Issue.record("expected tensorNotFound")
            return
        }
    }

    @Test func readsEveryGoldenSafeTensorsFile() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Golden.directory.path)
            .filter { $0.hasSuffix(".safetensors") }
        #expect(names.count >= 14)
        for name in names {
            let reader = try SafeTensorsReader(path: Golden.path(name))
            #expect(!reader.entries.isEmpty, "\(name)")
            // Entries tile the data section: their sizes add up to it exactly.
            let dataBytes = reader.entries.reduce(0) { $0 + $1.byteRange.count }
            let headerLength = Int(try reader.file.readLittleEndian(UInt64.self, at: 0))
            #expect(dataBytes == reader.file.count - 8 - headerLength, "\(name)")
        }
    }

    @Test func float16WidensExactly() throws {
        let halves: [UInt16] = [0x0000, 0x8000, 0x3C00, 0xC000, 0x7BFF, 0x0001, 0x03FF, 0x7C00, 0xFC00]
        let expected: [Float] = [
            0, -0.0, 1, -2, 65504, 5.960464477539063e-08, 6.097555160522461e-05, .infinity, -.infinity,
        ]
        let header = #"{"h":{"dtype":"F16","shape":[9],"data_offsets":[0,18]}}"#
        let reader = try read(Self.file(header: header, data: halves.flatMap { littleEndian($0) }))
        let values = try reader.tensor(named: "h").floats()
        #expect(values.map(\.bitPattern) == expected.map(\.bitPattern))
        let nan = try read(
            Self.file(header: header, data: [UInt16](repeating: 0x7E00, count: 9).flatMap { littleEndian($0) }))
        #expect(try nan.tensor(named: "h").floats().allSatisfy { $0.isNaN })
    }

    @Test func outOfRangeOffsetsNameTheTensor() throws {
        let header =
            #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
            + #""x":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}"#
        guard
            case .offsetsOutOfRange(_, "x", 8, 16, 12)? = weightsError({
                try read(Self.file(header: header, data: [UInt8](repeating: 0, count: 12)))
            })
        else {
            Issue.record("expected offsetsOutOfRange for x")
            return
        }
        let reversed = #"{"w":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}"#
        guard
            case .offsetsOutOfRange(_, "w", 8, 0, _)? = weightsError({
                try read(Self.file(header: reversed, data: [UInt8](repeating: 0, count: 8)))
            })
        else {
            Issue.record("expected offsetsOutOfRange for reversed offsets")
            return
        }
        let huge = #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[18446744073709551608,18446744073709551615]}}"#
        guard
            case .offsetsOutOfRange? = weightsError({
                try read(Self.file(header: huge, data: [UInt8](repeating: 0, count: 8)))
            })
        else {
            Issue.record("expected offsetsOutOfRange for offsets near 2^64")
            return
        }
    }

    @Test func wrongByteCountNamesTheTensor() throws {
        let header = #"{"w":{"dtype":"F16","shape":[3,2],"data_offsets":[0,8]}}"#
        guard
            case .byteCountMismatch(_, "w", 12, 8)? = weightsError({
                try read(Self.file(header: header, data: [UInt8](repeating: 0, count: 8)))
            })
        else {
            Issue.record("expected byteCountMismatch")
            return
        }
    }

    @Test func impossibleHeaderLengthsAreRejected() throws {
        let header = #"{"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}"#
        let longer = Self.file(header: header, data: [7], declaredLength: 1_000)
        guard case .headerLength(_, 1_000, let available, _)? = weightsError({ try read(longer) }) else {
            Issue.record("expected headerLength")
            return
        }
        #expect(available == longer.count - 8)
        guard case .headerLength? = weightsError({ try read(Self.file(header: "", data: [], declaredLength: .max)) })
        else {
            Issue.record("expected headerLength for 2^64-1")
            return
        }
        guard case .outOfBounds? = weightsError({ try read([1, 2, 3]) }) else {
            Issue.record("expected outOfBounds for a 3-byte file")
            return
        }
    }

    @Test func unknownDTypeAndDuplicatesAreNamed() throws {
        let unknown = #"{"w":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}"#
        guard
            case .unknownDType(_, "w", "C64")? = weightsError({
                try read(Self.file(header: unknown, data: [UInt8](repeating: 0, count: 8)))
            })
        else {
            Issue.record("expected unknownDType")
            return
        }
        let duplicate =
            #"{"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"#
            + #""w":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}"#
        guard case .duplicateTensor(_, "w")? = weightsError({ try read(Self.file(header: duplicate, data: [1, 2])) })
        else {
            Issue.record("expected duplicateTensor")
            return
        }
    }

    @Test func malformedHeadersAreInvalid() throws {
        let cases = [
            #"{"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}"#,  // unterminated
            #"["w"]"#,  // not an object
            #"{"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}} x"#,  // trailing garbage
            #"{"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"__metadata__":{"k":1}}"#,  // metadata not a string
        ]
        for header in cases {
            guard case .invalidHeader? = weightsError({ try read(Self.file(header: header, data: [1])) }) else {
                Issue.record("expected invalidHeader for \(header)")
                continue
            }
        }
        let entryCases = [
            #"{"w":{"dtype":"U8","shape":[-1],"data_offsets":[0,1]}}"#,
            #"{"w":{"dtype":"U8","shape":[1.5],"data_offsets":[0,1]}}"#,
            #"{"w":{"dtype":"U8","data_offsets":[0,1]}}"#,
            #"{"w":{"dtype":"U8","shape":[1],"data_offsets":[0]}}"#,
            #"{"w":{"dtype":"U8","shape":[4294967296,4294967296],"data_offsets":[0,1]}}"#,
            #"{"w":[]}"#,
        ]
        for header in entryCases {
            guard case .invalidTensor(_, "w", _)? = weightsError({ try read(Self.file(header: header, data: [1])) })
            else {
                Issue.record("expected invalidTensor for \(header)")
                continue
            }
        }
        // Deep nesting is refused instead of overflowing the stack.
        let deep = #"{"w":"# + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}"
        guard case .invalidHeader? = weightsError({ try read(Self.file(header: deep, data: [])) }) else {
            Issue.record("expected invalidHeader for deep nesting")
            return
        }
    }

    @Test func truncatedGoldenFilesFail() throws {
        let bytes = try Golden.bytes("vqvae.weights.safetensors")
        let headerLength = Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16
        for cut in [0, 7, 8, 100, headerLength + 8, headerLength + 9, bytes.count - 1] {
            let error = weightsError { try read(Array(bytes.prefix(cut))) }
            switch error {
            case .outOfBounds?, .headerLength?, .offsetsOutOfRange?: break
            default: Issue.record("cut at \(cut): unexpected \(String(describing: error))")
            }
        }
    }

    @Test func flippedHeaderBytesNeverCrash() throws {
        let original = try Golden.bytes("prior_upsampler_l1.weights.safetensors")
        var rejected = 0
        for position in stride(from: 8, to: 2_000, by: 7) {
            var bytes = original
            bytes[position] ^= 0x24
            do {
                let reader = try read(bytes)
                for entry in reader.entries { _ = try reader.tensor(entry).bytes.count }
            } catch is WeightsError {
                rejected += 1
            }
        }
        #expect(rejected > 0)
    }
}
