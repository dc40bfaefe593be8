import JukeboxAudio
import Testing

/// Channels are mixed to their mean, as the reference's loader does.
struct MonoMixTests {
    @Test func stereoFileWhoseChannelsDifferMixesToTheirMean() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("stereo.wav")
        // Left: 440 Hz; right: 1375 Hz at another level (made by sox, read back by us).
        try runTool(
            "sox",
            ["-n", "-r", "44100", "-b", "24", path, "synth", "1", "sine", "440", "sine", "1375", "remix", "1", "2v0.5"])
        let stereo = try AudioReader.read(path: path)
        #expect(stereo.channels == 2)
        let left = stereo.channel(0)
        let right = stereo.channel(1)
        #expect(zip(left, right).contains { $0 != $1 })

        let mono = stereo.mixedToMono()
        #expect(mono.channels == 1)
        #expect(mono.frames == stereo.frames)
        for t in 0..<mono.frames {
            #expect(mono.samples[t] == (left[t] + right[t]) / 2)
        }
    }

    @Test func threeChannelsAverageInChannelOrder() {
        let buffer = AudioBuffer(samples: [0.1, 0.2, 0.4, -1, 1, 0.5], channels: 3, sampleRateHz: 8_000)
        let mono = buffer.mixedToMono().samples
        #expect(mono == [(Float(0.1) + 0.2 + 0.4) / 3, (Float(-1) + 1 + 0.5) / 3])
    }

    @Test func preparedForModelIsMonoAt44100() throws {
        let left = sine(frequency: 1000, seconds: 1, rate: 48_000)
        let stereo = AudioBuffer(samples: left.flatMap { [$0, -$0 / 2] }, channels: 2, sampleRateHz: 48_000)
        let prepared = try stereo.preparedForModel()
        #expect(prepared.count == 44_100)
        // Mean of x and -x/2 is x/4: a 1 kHz tone at amplitude 0.125.
        let peak = prepared[10_000..<30_000].map { abs($0) }.max() ?? 0
        #expect(abs(peak - 0.125) < 0.003)
        #expect(abs(estimatedFrequency(prepared, rate: 44_100) - 1000) < 1)
    }
}
