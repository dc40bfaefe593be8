import Foundation
import JukeboxAudio
import Testing

/// The FFT, spectrogram and evaluation figures against direct computations.
struct AudioMetricsTests {
    /// A seeded noise signal in [-amplitude, amplitude].
    static func noise(_ count: Int, seed: UInt64, amplitude: Float = 0.5) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Float(state >> 40) / Float(1 << 24) * 2 - 1) * amplitude
        }
    }

    static func sine(_ count: Int, frequency: Double, rate: Double = 22_050, amplitude: Float = 0.5) -> [Float] {
        (0..<count).map { amplitude * Float(sin(2 * Double.pi * frequency * Double($0) / rate)) }
    }

    @Test func fftMatchesTheDirectTransform() {
        let frame = Self.noise(64, seed: 3)
        let fast = FourierTransform(size: 64).magnitudes(of: frame)
        #expect(fast.count == 33)
        for k in 0...32 {
            var (re, im) = (0.0, 0.0)
            for (n, x) in frame.enumerated() {
                re += Double(x) * cos(-2 * Double.pi * Double(k * n) / 64)
                im += Double(x) * sin(-2 * Double.pi * Double(k * n) / 64)
            }
            #expect(abs(Double(fast[k]) - (re * re + im * im).squareRoot()) < 1e-4)
        }
    }

    @Test func spectrogramFramesAsTorchCountsThem() {
        let spectrogram = Spectrogram(Self.noise(1000, seed: 1), fftSize: 256, hop: 50, windowLength: 120)
        #expect(spectrogram.frames.count == 1 + 1000 / 50)
        #expect(spectrogram.frames.allSatisfy { $0.count == 129 })
        // A 1 kHz tone peaks in its bin (1000 / 22050 * 512 = 23.2).
        let tone = Spectrogram(Self.sine(4096, frequency: 1000), fftSize: 512, hop: 256, windowLength: 512)
        let middle = tone.frames[tone.frames.count / 2]
        #expect(middle.indices.max(by: { middle[$0] < middle[$1] }) == 23)
    }

    @Test func snrAndSpectralConvergenceOfKnownSignals() {
        let clean = Self.sine(8192, frequency: 440)
        #expect(AudioMetrics.snrDecibels(reference: clean, estimate: clean) == .infinity)
        let halved = clean.map { $0 * 0.5 }  // error = half the signal: 20 log10(2) = 6.02 dB
        #expect(abs(AudioMetrics.snrDecibels(reference: clean, estimate: halved) - 6.0206) < 1e-3)
        #expect(AudioMetrics.spectralConvergence(reference: clean, estimate: clean) == 0)
        // Magnitudes scale with the signal, so half the amplitude converges to 0.5.
        #expect(abs(AudioMetrics.spectralConvergence(reference: clean, estimate: halved) - 0.5) < 1e-4)
        let noisy = zip(clean, Self.noise(8192, seed: 9, amplitude: 0.2)).map { $0 + $1 }
        let sc = AudioMetrics.spectralConvergence(reference: clean, estimate: noisy)
        #expect(sc > 0.1 && sc < 2)
    }

    @Test func silenceFluxAndLoudness() {
        let tone = Self.sine(22_050, frequency: 440, amplitude: 1)
        #expect(abs(AudioMetrics.rmsDecibels(tone) + 3.0103) < 1e-3)
        let halfSilent = Array(tone.prefix(10_240)) + [Float](repeating: 0, count: 10_240)
        #expect(AudioMetrics.silenceShare(halfSilent) == 0.5)
        #expect(AudioMetrics.silenceShare(tone) == 0)
        #expect(AudioMetrics.silenceShare([Float](repeating: 1e-4, count: 4096)) == 1)  // -80 dBFS
        let steady = AudioMetrics.spectralFlux(tone)
        let noise = AudioMetrics.spectralFlux(Self.noise(22_050, seed: 5))
        #expect(steady < 0.05)
        #expect(noise > 0.4 && noise < 0.6)
        // Level-independent: the same noise 20 dB quieter has the same flux.
        #expect(abs(AudioMetrics.spectralFlux(Self.noise(22_050, seed: 5, amplitude: 0.05)) - noise) < 1e-6)
    }
}
