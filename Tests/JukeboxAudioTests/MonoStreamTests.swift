import Foundation
import JukeboxAudio
import Testing

/// `AudioReader.readMono`: untrusted primers decoded one chunk at a time, mixed to one
/// channel as they come, and only as far as they are needed.
struct MonoStreamTests {
    @Test func decodesTheSameMonoAsTheWholeFileMixedDown() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("stereo.flac")
        try runTool(
            "sox", ["-n", "-r", "48000", "-c", "3", path, "synth", "1.5", "sine", "220", "sine", "330", "pluck", "E3"])
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let whole = try AudioReader.read(bytes: bytes).mixedToMono()
        let streamed = try AudioReader.readMono(bytes: bytes)
        #expect(streamed == whole)
    }

    @Test func stopsAtTheRequestedLengthAndItsMargin() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("long.flac")
        try runTool("sox", ["-n", "-r", "44100", "-c", "2", path, "synth", "10", "sine", "440"])
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let cut = try AudioReader.readMono(bytes: bytes, maxSeconds: 1)
        #expect(cut.frames == Int(((1 + AudioReader.resamplingMarginSeconds) * 44_100).rounded(.up)))
        let whole = try AudioReader.read(bytes: bytes).mixedToMono()
        #expect(cut.samples == Array(whole.samples.prefix(cut.frames)))
        // Resampled, the cut gives the same first second as the whole file.
        let a = try cut.preparedForModel(sampleRateHz: 22_050).prefix(22_050)
        let b = try whole.preparedForModel(sampleRateHz: 22_050).prefix(22_050)
        #expect(a == b)
    }

    @Test func manyChannelsAreBoundedBySamplesNotByTheFileSize() throws {
        // A small compressed file announcing 64 channels: what it decodes to is bounded by
        // frames times channels, and only the part the prompt needs is decoded. (The daemon's
        // limit is 100 million samples; a small one keeps the file small here.)
        let folder = try TemporaryFolder()
        let path = folder.path("bomb.ogg")
        try runTool("sox", ["-n", "-r", "48000", "-c", "64", path, "trim", "0", "1"])
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let limits = AudioLimits(maxDurationSeconds: 60, maxDecodedSamples: 2_000_000)
        let prompt = try AudioReader.readMono(bytes: bytes, limits: limits, maxSeconds: 0.1)
        #expect(prompt.channels == 1 && prompt.frames == 28_800)  // (0.1 s + 0.5 s margin) at 48 kHz
        do {
            _ = try AudioReader.readMono(bytes: bytes, limits: limits)
            Issue.record("3 million samples decoded under a limit of 2 million")
        } catch {
            guard case .tooManySamples = error else {
                Issue.record("expected tooManySamples, got \(error)")
                return
            }
        }
    }

    @Test func nanSamplesAreNotAudio() throws {
        let samples: [Float] = [0, 0.5, .nan, 0.25]
        let file = try AudioWriter.encode(
            AudioBuffer(samples: [0, 0.5, 0.1, 0.25], channels: 1, sampleRateHz: 8000), format: .wav(.float32))
        // Patch the third float to NaN: the data chunk is the file's last 16 bytes.
        var bytes = file
        let nan = samples[2].bitPattern
        for i in 0..<4 { bytes[bytes.count - 8 + i] = UInt8(truncatingIfNeeded: nan >> (8 * UInt32(i))) }
        #expect(throws: AudioError.self) { _ = try AudioReader.readMono(bytes: bytes) }
        #expect(throws: AudioError.self) {
            _ = try AudioWriter.encode(
                AudioBuffer(samples: samples, channels: 1, sampleRateHz: 8000), format: .wav(.pcm16))
        }
    }
}
