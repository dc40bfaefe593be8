import JukeboxAudio
import Testing

/// A tone keeps its pitch and its duration through resampling to the model rate.
struct ResamplerTests {
    @Test(arguments: [48_000, 22_050, 16_000, 96_000])
    func oneKilohertzStaysOneKilohertzAt44100(sourceRate: Int) throws {
        let seconds = 3.0
        let tone = AudioBuffer(
            samples: sine(frequency: 1000, seconds: seconds, rate: sourceRate), channels: 1, sampleRateHz: sourceRate)
        let out = try Resampler.resample(tone, to: 44_100)

        #expect(out.sampleRateHz == 44_100)
        let expectedFrames = Double(tone.frames) * 44_100 / Double(sourceRate)
        // Within one sample per second of audio.
        #expect(abs(Double(out.frames) - expectedFrames) <= seconds)
        let frequency = estimatedFrequency(out.samples, rate: 44_100)
        #expect(abs(frequency - 1000) < 1, "measured \(frequency) Hz")
        // The tone keeps its level in the middle (no gain change from the converter).
        let middle = out.samples[44_100..<88_200]
        let peak = middle.map { abs($0) }.max() ?? 0
        #expect(abs(peak - 0.5) < 0.01, "peak \(peak)")
    }

    @Test(arguments: Resampler.Converter.allCases)
    func everyConverterKeepsLength(converter: Resampler.Converter) throws {
        let tone = AudioBuffer(
            samples: sine(frequency: 440, seconds: 1, rate: 48_000), channels: 1, sampleRateHz: 48_000)
        let out = try Resampler.resample(tone, to: 44_100, converter: converter)
        #expect(out.frames == 44_100)
        #expect(abs(estimatedFrequency(out.samples, rate: 44_100, skip: 500) - 440) < 1)
    }

    @Test func stereoChannelsStayApart() throws {
        let left = sine(frequency: 500, seconds: 1, rate: 32_000)
        let right = sine(frequency: 1500, seconds: 1, rate: 32_000)
        let stereo = AudioBuffer(samples: zip(left, right).flatMap { [$0, $1] }, channels: 2, sampleRateHz: 32_000)
        let out = try Resampler.resample(stereo, to: 44_100)
        #expect(out.channels == 2)
        #expect(abs(estimatedFrequency(out.channel(0), rate: 44_100) - 500) < 1)
        #expect(abs(estimatedFrequency(out.channel(1), rate: 44_100) - 1500) < 1)
    }

    @Test func sameRateIsUnchanged() throws {
        let audio = AudioBuffer(samples: noise(count: 1000, seed: 9), channels: 1, sampleRateHz: 44_100)
        #expect(try Resampler.resample(audio, to: 44_100) == audio)
    }

    @Test func impossibleRatiosAreRefused() {
        let audio = AudioBuffer(samples: noise(count: 1000, seed: 9), channels: 1, sampleRateHz: 8_000)
        #expect(throws: AudioError.self) { try Resampler.resample(audio, to: 8_000 * 300) }
        #expect(throws: AudioError.self) { try Resampler.resample(audio, to: 0) }
    }
}
