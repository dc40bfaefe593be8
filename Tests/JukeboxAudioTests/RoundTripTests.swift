import Foundation
import JukeboxAudio
import Testing

/// Writing then reading gives back every sample exactly, for each format and depth, to a
/// path and to memory.
struct RoundTripTests {
    static let formats: [AudioFileFormat] = [
        .wav(.pcm16), .wav(.pcm24), .wav(.float32), .flac(.pcm16), .flac(.pcm24),
    ]

    @Test(arguments: formats)
    func pathRoundTripIsSampleExact(format: AudioFileFormat) throws {
        let folder = try TemporaryFolder()
        let raw = noise(count: 2 * 20_011, seed: 7)  // odd length, two channels
        let expected = format.integerBits.map { quantised(raw, bits: $0) } ?? raw
        let audio = AudioBuffer(samples: raw, channels: 2, sampleRateHz: 44_100)
        let path = folder.path("round-trip.\(format.fileExtension)")

        try AudioWriter.write(audio, to: path, format: format)
        let back = try AudioReader.read(path: path)

        #expect(back.channels == 2)
        #expect(back.sampleRateHz == 44_100)
        #expect(back.frames == 20_011)
        let mismatches = zip(back.samples, expected).filter { $0 != $1 }.count
        #expect(mismatches == 0, "\(mismatches) samples differ after a \(format) round trip")
    }

    @Test(arguments: formats)
    func memoryRoundTripEqualsPathRoundTrip(format: AudioFileFormat) throws {
        let folder = try TemporaryFolder()
        let audio = AudioBuffer(samples: noise(count: 9_999, seed: 3), channels: 1, sampleRateHz: 48_000)
        let path = folder.path("file.\(format.fileExtension)")
        try AudioWriter.write(audio, to: path, format: format)

        let bytes = try AudioWriter.encode(audio, format: format)
        let fromMemory = try AudioReader.read(bytes: bytes)
        let fromPath = try AudioReader.read(path: path)
        let fromFileBytesInMemory = try AudioReader.read(
            bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))

        #expect(fromMemory == fromPath)
        #expect(fromFileBytesInMemory == fromPath)
        #expect(fromMemory.sampleRateHz == 48_000)
    }

    @Test func outOfRangeSamplesClipInsteadOfWrapping() throws {
        let audio = AudioBuffer(samples: [1.5, -1.5, 1.0, -1.0], channels: 1, sampleRateHz: 8_000)
        let back = try AudioReader.read(bytes: try AudioWriter.encode(audio, format: .wav(.pcm16)))
        #expect(back.samples == [32767.0 / 32768, -1, 32767.0 / 32768, -1])
    }

    @Test func floatWAVKeepsValuesBeyondFullScale() throws {
        let audio = AudioBuffer(samples: [1.5, -2.25, 0.125], channels: 1, sampleRateHz: 8_000)
        let back = try AudioReader.read(bytes: try AudioWriter.encode(audio, format: .wav(.float32)))
        #expect(back.samples == audio.samples)
    }

    @Test func headerInfoDescribesWhatWasWritten() throws {
        let audio = AudioBuffer(samples: noise(count: 3 * 4_410, seed: 1), channels: 3, sampleRateHz: 44_100)
        let info = try AudioReader.info(bytes: try AudioWriter.encode(audio, format: .flac(.pcm24)))
        #expect(info.frames == 4_410)
        #expect(info.channels == 3)
        #expect(info.sampleRateHz == 44_100)
        #expect(info.container.contains("FLAC"))
        #expect(info.encoding.contains("24"))
        #expect(abs(info.durationSeconds - 0.1) < 1e-12)
    }
}
