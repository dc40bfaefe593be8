#if canImport(Glibc)
    import Glibc
#endif

/// An in-place radix-2 complex FFT of one power-of-two size, with its twiddle factors made once.
///
/// Used for spectrograms in model evaluation (a few thousand frames of at most 2,048 points),
/// where a plain iterative Cooley-Tukey transform is fast enough and keeps the package free of
/// an FFT library.
public struct FourierTransform: Sendable {
    /// Points per transform.
    public let size: Int
    private let cosines: [Float]
    private let sines: [Float]
    private let reversed: [Int]

    /// A transform of `size` points.
    /// - Precondition: `size` is a power of two, at least 2.
    public init(size: Int) {
        precondition(size >= 2 && size & (size - 1) == 0, "FFT size must be a power of two")
        self.size = size
        let half = size / 2
        cosines = (0..<half).map { Float(cos(-2 * Double.pi * Double($0) / Double(size))) }
        sines = (0..<half).map { Float(sin(-2 * Double.pi * Double($0) / Double(size))) }
        let bits = size.trailingZeroBitCount
        reversed = (0..<size).map { index in
            var value = 0
            for bit in 0..<bits where index & (1 << bit) != 0 { value |= 1 << (bits - 1 - bit) }
            return value
        }
    }

    /// Magnitudes of the DFT of a real frame, bins 0...size/2 (`size / 2 + 1` values).
    /// - Precondition: `frame.count == size`.
    public func magnitudes(of frame: [Float]) -> [Float] {
        precondition(frame.count == size, "frame of \(frame.count) points for an FFT of \(size)")
        var re = [Float](repeating: 0, count: size)
        var im = [Float](repeating: 0, count: size)
        re.withUnsafeMutableBufferPointer { re in
            im.withUnsafeMutableBufferPointer { im in
                cosines.withUnsafeBufferPointer { cosines in
                    sines.withUnsafeBufferPointer { sines in
                        for index in 0..<size { re[reversed[index]] = frame[index] }
                        var span = 2
                        while span <= size {
                            let (step, half) = (size / span, span / 2)
                            for base in stride(from: 0, to: size, by: span) {
                                for k in 0..<half {
                                    let (c, s) = (cosines[k * step], sines[k * step])
                                    let (a, b) = (base + k, base + k + half)
                                    let tr = re[b] * c - im[b] * s
                                    let ti = re[b] * s + im[b] * c
                                    re[b] = re[a] - tr
                                    im[b] = im[a] - ti
                                    re[a] += tr
                                    im[a] += ti
                                }
                            }
                            span *= 2
                        }
                    }
                }
            }
        }
        return (0...(size / 2)).map { (re[$0] * re[$0] + im[$0] * im[$0]).squareRoot() }
    }
}
