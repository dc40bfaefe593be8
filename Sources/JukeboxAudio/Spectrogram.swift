#if canImport(Glibc)
    import Glibc
#endif

/// Magnitude spectrogram of mono audio as `torch.stft` computes it with `center=True`: the
/// signal reflected by half a transform at both ends, a periodic Hann window of
/// `windowLength` centred in each `fftSize`-point frame, one frame every `hop` samples.
public struct Spectrogram: Sendable {
    /// Frames in time order, each `fftSize / 2 + 1` magnitudes.
    public let frames: [[Float]]

    /// The spectrogram of `samples`.
    /// - Precondition: `fftSize` is a power of two, `0 < windowLength <= fftSize`, `hop > 0`.
    public init(_ samples: [Float], fftSize: Int, hop: Int, windowLength: Int) {
        precondition(windowLength > 0 && windowLength <= fftSize && hop > 0, "bad STFT settings")
        let transform = FourierTransform(size: fftSize)
        let window = Self.hannWindow(length: windowLength, paddedTo: fftSize)
        let padded = Self.reflectPadded(samples, by: fftSize / 2)
        let count = samples.isEmpty ? 0 : 1 + samples.count / hop
        frames = (0..<count).map { index in
            let start = index * hop
            var frame = [Float](repeating: 0, count: fftSize)
            for i in 0..<fftSize where start + i < padded.count { frame[i] = padded[start + i] * window[i] }
            return transform.magnitudes(of: frame)
        }
    }

    /// A periodic Hann window of `length` points in the middle of `size` zeros (as torch pads it).
    static func hannWindow(length: Int, paddedTo size: Int) -> [Float] {
        var window = [Float](repeating: 0, count: size)
        let left = (size - length) / 2
        for i in 0..<length {
            window[left + i] = Float(0.5 - 0.5 * cos(2 * Double.pi * Double(i) / Double(length)))
        }
        return window
    }

    /// `samples` with `pad` reflected samples at each end (edge sample not repeated); short
    /// inputs reflect as far as they reach and are zero beyond.
    static func reflectPadded(_ samples: [Float], by pad: Int) -> [Float] {
        let n = samples.count
        guard n > 1 else { return [Float](repeating: 0, count: pad) + samples + [Float](repeating: 0, count: pad) }
        let left = (0..<pad).map { i -> Float in
            let source = pad - i
            return source < n ? samples[source] : 0
        }
        let right = (0..<pad).map { i -> Float in
            let source = n - 2 - i
            return source >= 0 ? samples[source] : 0
        }
        return left + samples + right
    }
}
