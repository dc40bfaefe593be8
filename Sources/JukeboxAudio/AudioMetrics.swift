#if canImport(Glibc)
    import Glibc
#endif

/// Figures that compare or describe audio, for judging models by numbers (`jukeboxd evaluate`).
public enum AudioMetrics {
    /// One STFT setting of a multi-resolution comparison.
    public struct Resolution: Sendable, Equatable {
        /// Points per transform (a power of two).
        public var fftSize: Int
        /// Samples between frames.
        public var hop: Int
        /// Hann window length.
        public var windowLength: Int

        /// A setting from its parts.
        public init(fftSize: Int, hop: Int, windowLength: Int) {
            self.fftSize = fftSize
            self.hop = hop
            self.windowLength = windowLength
        }

        /// The reference VQ-VAE's multispectral loss settings (`multispec_loss_n_fft`,
        /// `multispec_loss_hop_length`, `multispec_loss_window_size`).
        public static let reference = [
            Resolution(fftSize: 2048, hop: 240, windowLength: 1200),
            Resolution(fftSize: 1024, hop: 120, windowLength: 600),
            Resolution(fftSize: 512, hop: 50, windowLength: 240),
        ]
    }

    /// Signal-to-noise ratio of `estimate` against `reference` in dB, over their common length:
    /// 10 log10(sum x^2 / sum (x - y)^2). Infinite when they are equal.
    public static func snrDecibels(reference: [Float], estimate: [Float]) -> Double {
        var (signal, noise) = (0.0, 0.0)
        for (x, y) in zip(reference, estimate) {
            signal += Double(x) * Double(x)
            noise += Double(x - y) * Double(x - y)
        }
        return 10 * log10(signal / noise)
    }

    /// Spectral convergence ||S(x) - S(y)|| / ||S(x)|| (Frobenius norms of magnitude
    /// spectrograms), averaged over `resolutions`; lower is better, 0 for equal signals.
    /// Compares over the common length. To compare several estimates with one reference, make
    /// a ``SpectralReference`` once.
    public static func spectralConvergence(
        reference: [Float], estimate: [Float], resolutions: [Resolution] = Resolution.reference
    ) -> Double {
        SpectralReference(reference, resolutions: resolutions).convergence(of: estimate)
    }

    /// A reference signal's spectrograms at each resolution, made once for comparing several
    /// estimates with it (`jukeboxd evaluate` compares one recording with each level's decode).
    public struct SpectralReference: Sendable {
        let samples: [Float]
        let resolutions: [Resolution]
        let spectrograms: [[[Float]]]

        /// The spectrograms of `reference` at `resolutions`.
        public init(_ reference: [Float], resolutions: [Resolution] = Resolution.reference) {
            samples = reference
            self.resolutions = resolutions
            spectrograms = resolutions.map {
                Spectrogram(reference, fftSize: $0.fftSize, hop: $0.hop, windowLength: $0.windowLength).frames
            }
        }

        /// ``AudioMetrics/spectralConvergence(reference:estimate:resolutions:)`` of `estimate`
        /// against this reference (over the common length when the lengths differ).
        public func convergence(of estimate: [Float]) -> Double {
            guard estimate.count == samples.count else {
                let n = min(samples.count, estimate.count)
                return SpectralReference(Array(samples.prefix(n)), resolutions: resolutions)
                    .convergence(of: Array(estimate.prefix(n)))
            }
            let values = zip(resolutions, spectrograms).map { r, a -> Double in
                let b = Spectrogram(estimate, fftSize: r.fftSize, hop: r.hop, windowLength: r.windowLength).frames
                var (difference, norm) = (0.0, 0.0)
                for (fa, fb) in zip(a, b) {
                    for (u, v) in zip(fa, fb) {
                        difference += Double(u - v) * Double(u - v)
                        norm += Double(u) * Double(u)
                    }
                }
                return difference.squareRoot() / max(norm.squareRoot(), 1e-12)
            }
            return values.reduce(0, +) / Double(max(values.count, 1))
        }
    }

    /// Share of `frame`-sample frames (non-overlapping) whose RMS is below `thresholdDecibels`
    /// dBFS, in [0, 1]; 0 for audio shorter than one frame.
    public static func silenceShare(_ samples: [Float], frame: Int = 1024, thresholdDecibels: Double = -50) -> Double {
        let count = samples.count / frame
        guard count > 0 else { return 0 }
        var silent = 0
        for index in 0..<count
        where rmsDecibels(Array(samples[(index * frame)..<((index + 1) * frame)]))
            < thresholdDecibels
        {
            silent += 1
        }
        return Double(silent) / Double(count)
    }

    /// Normalised spectral flux: the mean L2 change of the magnitude spectrum between
    /// neighbouring frames divided by the mean spectrum norm (2,048-point frames, hop 512). Near
    /// 0 for a steady tone, about 0.5 for white noise; independent of level.
    public static func spectralFlux(_ samples: [Float], fftSize: Int = 2048, hop: Int = 512) -> Double {
        let frames = Spectrogram(samples, fftSize: fftSize, hop: hop, windowLength: fftSize).frames
        guard frames.count > 1 else { return 0 }
        var (change, norm) = (0.0, 0.0)
        for index in 1..<frames.count {
            var step = 0.0
            for (u, v) in zip(frames[index], frames[index - 1]) { step += Double(u - v) * Double(u - v) }
            change += step.squareRoot()
        }
        for frame in frames { norm += Double(frame.reduce(0) { $0 + $1 * $1 }).squareRoot() }
        let meanNorm = norm / Double(frames.count)
        return meanNorm > 0 ? change / Double(frames.count - 1) / meanNorm : 0
    }

    /// RMS level in dBFS (full scale 1.0); -infinity for silence or no samples.
    public static func rmsDecibels(_ samples: [Float]) -> Double {
        guard !samples.isEmpty else { return -.infinity }
        let power = samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)
        return 10 * log10(power)
    }
}
