import Foundation
import JukeboxAudio
import Testing

/// Real compressed files made at test time by Debian's tools, read from a path and from
/// memory.
struct CompressedInputTests {
    @Test(arguments: ["ogg", "flac", "aiff", "opus", "mp3"])
    func toneMadeByDebianToolsDecodesWithItsPitchAndLength(fileExtension: String) throws {
        let folder = try TemporaryFolder()
        let path = folder.path("tone.\(fileExtension)")
        let rate = fileExtension == "opus" ? 48_000 : 44_100
        switch fileExtension {
        case "opus", "mp3":
            // sox cannot write these on Debian; opus-tools and LAME can, from a WAV made by sox.
            let wav = folder.path("tone.wav")
            try runTool(
                "sox",
                ["-n", "-r", String(rate), "-c", "2", "-b", "16", wav, "synth", "2", "sine", "1000", "gain", "-6"])
            if fileExtension == "opus" {
                try runTool("opusenc", ["--quiet", "--bitrate", "128", wav, path])
            } else {
                try runTool("lame", ["--quiet", "-b", "192", wav, path])
            }
        default:
            try runTool("sox", ["-n", "-r", String(rate), "-c", "2", path, "synth", "2", "sine", "1000", "gain", "-6"])
        }

        let audio = try AudioReader.read(path: path)
        #expect(audio.channels == 2)
        #expect(audio.sampleRateHz == rate)
        // Lossy codecs add encoder delay and padding; the length stays within 60 ms of 2 s.
        #expect(abs(audio.durationSeconds - 2) < 0.06, "\(fileExtension): \(audio.durationSeconds) s")
        #expect(abs(estimatedFrequency(audio.channel(0), rate: rate) - 1000) < 1)

        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(try AudioReader.read(bytes: bytes, name: path) == audio)
    }

    @Test func oggVorbisFromOggencDecodes() throws {
        let folder = try TemporaryFolder()
        let wav = folder.path("source.wav")
        let ogg = folder.path("encoded.ogg")
        try AudioWriter.write(
            AudioBuffer(samples: sine(frequency: 440, seconds: 1.5, rate: 22_050), channels: 1, sampleRateHz: 22_050),
            to: wav, format: .wav(.pcm16))
        try runTool("oggenc", ["--quiet", "-q", "5", "-o", ogg, wav])

        let info = try AudioReader.info(path: ogg)
        #expect(info.container.contains("OGG"))
        #expect(info.encoding.contains("Vorbis"))
        let audio = try AudioReader.read(path: ogg)
        #expect(audio.frames == 33_075)
        #expect(abs(estimatedFrequency(audio.samples, rate: 22_050) - 440) < 1)
    }
}
