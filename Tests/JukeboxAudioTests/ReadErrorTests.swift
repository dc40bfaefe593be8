import Foundation
import JukeboxAudio
import Testing

/// Every bad input gets its own error, never a crash.
struct ReadErrorTests {
    @Test func missingFile() {
        #expect(throws: AudioError.fileNotFound(path: "/nonexistent/primer.wav")) {
            try AudioReader.read(path: "/nonexistent/primer.wav")
        }
    }

    @Test func textIsNotAudio() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("lyrics.wav")
        try "la la la\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try AudioReader.read(path: path) } throws: { error in
            guard case AudioError.notAudio(let source, let detail)? = error as? AudioError else { return false }
            return source == path && !detail.isEmpty
        }
        #expect { try AudioReader.read(bytes: Array("not audio at all".utf8)) } throws: { error in
            if case AudioError.notAudio? = error as? AudioError { return true }
            return false
        }
    }

    @Test func emptyBytesAreNotAudio() {
        #expect { try AudioReader.read(bytes: [], name: "upload") } throws: { error in
            error as? AudioError == .notAudio(source: "upload", detail: "no bytes at all")
        }
    }

    @Test func zeroFramesWAV() {
        // A valid 16-bit mono WAV header whose data chunk is empty.
        var header: [UInt8] = Array("RIFF".utf8) + le32(36) + Array("WAVEfmt ".utf8) + le32(16)
        header += le16(1) + le16(1) + le32(44_100) + le32(88_200) + le16(2) + le16(16)
        header += Array("data".utf8) + le32(0)
        #expect(throws: AudioError.noFrames(source: "empty.wav")) {
            try AudioReader.read(bytes: header, name: "empty.wav")
        }
    }

    @Test(arguments: [AudioFileFormat.wav(.pcm16), .flac(.pcm16)])
    func truncatedFile(format: AudioFileFormat) throws {
        let audio = AudioBuffer(samples: noise(count: 44_100, seed: 5), channels: 1, sampleRateHz: 44_100)
        let bytes = try AudioWriter.encode(audio, format: format)
        let cut = Array(bytes.prefix(bytes.count / 2))
        #expect { try AudioReader.read(bytes: cut, name: "cut") } throws: { error in
            if case AudioError.truncated(let source, _)? = error as? AudioError { return source == "cut" }
            return false
        }
    }

    @Test func truncatedOggStream() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("tone.ogg")
        try runTool("sox", ["-n", "-r", "44100", path, "synth", "3", "sine", "1000"])
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect { try AudioReader.read(bytes: Array(bytes.prefix(bytes.count / 2))) } throws: { error in
            if case AudioError.truncated? = error as? AudioError { return true }
            return false
        }
    }

    @Test func channelCountOutOfRange() throws {
        let bytes = try AudioWriter.encode(
            AudioBuffer(samples: noise(count: 300, seed: 2), channels: 3, sampleRateHz: 44_100), format: .wav(.pcm16))
        #expect(throws: AudioError.channelCountOutOfRange(source: "three", channels: 3, allowed: 1...2)) {
            try AudioReader.read(bytes: bytes, name: "three", limits: AudioLimits(channelRange: 1...2))
        }
    }

    @Test func sampleRateOutOfRange() throws {
        let bytes = try AudioWriter.encode(
            AudioBuffer(samples: noise(count: 300, seed: 2), channels: 1, sampleRateHz: 4_000), format: .wav(.pcm16))
        #expect(throws: AudioError.sampleRateOutOfRange(source: "slow", sampleRateHz: 4_000, allowed: 8_000...192_000))
        {
            try AudioReader.read(bytes: bytes, name: "slow", limits: AudioLimits(sampleRateRange: 8_000...192_000))
        }
    }

    @Test func longerThanTheLimitIsRefusedFromTheHeader() throws {
        // Ten seconds of FLAC cut to its first 4 KB: only the header (STREAMINFO) says how
        // long it is, so refusing it as too long proves the check happens before decoding (a
        // decode would report the truncation instead).
        let audio = AudioBuffer(samples: noise(count: 441_000, seed: 4), channels: 1, sampleRateHz: 44_100)
        let bytes = Array(try AudioWriter.encode(audio, format: .flac(.pcm16)).prefix(4096))
        #expect(throws: AudioError.tooLong(source: "long", durationSeconds: 10, limitSeconds: 5)) {
            try AudioReader.read(bytes: bytes, name: "long", limits: AudioLimits(maxDurationSeconds: 5))
        }
    }

    @Test func errorsReadAsSentences() {
        let message = AudioError.tooLong(source: "a.wav", durationSeconds: 700.5, limitSeconds: 600).description
        #expect(message == "a.wav lasts 700.5 s, longer than the limit of 600 s")
    }

    private func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
    private func le16(_ value: UInt16) -> [UInt8] { (0..<2).map { UInt8((value >> (8 * $0)) & 0xFF) } }
}
