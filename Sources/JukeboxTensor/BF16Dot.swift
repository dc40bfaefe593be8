// Whether dense layers with bfloat16 weights use the CPU's bfloat16 dot products, and the
// activations rounded to bfloat16 that those products read.
import CJukeboxKernels

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The AVX-512 BF16 path of ``linear(_:weight:bias:layout:)`` for `bfloat16` weights.
///
/// With it, the activations are rounded to bfloat16 (round to nearest even) once per call and
/// `vdpbf16ps` multiplies two k at a time, summing in float32 (kernels in the `CJukeboxKernels`
/// C module, which calls them `jk_bf16_*`). Without it, the weights are widened to float32 and
/// the activations keep all their bits. `float32` and `float16` weights never take this path.
public enum BF16Dot {
    /// True when this CPU has AVX-512 BF16 (`jk_bf16_dot_supported`) and the environment does
    /// not turn the path off: `JUKEBOXD_BF16_DOT=off`, or `JUKEBOXD_VECTOR=portable` (the
    /// portable build's switch, read again at run time), keep the widening kernels. Read once.
    public static let isEnabled: Bool =
        isSupported && !turnedOff(environment: { getenv($0).map { String(cString: $0) } })

    /// True when this CPU executes AVX-512 BF16 instructions, whatever the environment says.
    public static let isSupported: Bool = jk_bf16_dot_supported() != 0

    /// Whether the environment turns the bfloat16 dot products off (see ``isEnabled``).
    static func turnedOff(environment: (String) -> String?) -> Bool {
        environment("JUKEBOXD_BF16_DOT") == "off" || environment("JUKEBOXD_VECTOR") == "portable"
    }

    /// Name of the path ``linear(_:weight:bias:layout:)`` takes for bfloat16 weights, for the
    /// benchmarks: `avx512bf16 vdpbf16ps` or `widen to float32`.
    public static var kernelName: String { isEnabled ? "avx512bf16 vdpbf16ps" : "widen to float32" }
}

/// `x` rounded to bfloat16, rows padded with zeros to a multiple of 32 elements, which the
/// kernels may read whole. `x`: `(rows, nIn)`; result `(rows, BF16Activations.stride(nIn))`.
struct BF16Activations: ~Copyable {
    /// Elements per row: `nIn` rounded up to 32.
    let stride: Int
    /// The rounded rows.
    let bits: UnsafeMutablePointer<UInt16>

    init(_ x: UnsafePointer<Float>, rows: Int, nIn: Int) {
        stride = Self.stride(nIn)
        bits = .allocate(capacity: max(1, rows * stride))
        bits.initialize(repeating: 0, count: max(1, rows * stride))
        for row in 0..<rows { jk_bf16_round(x + row * nIn, bits + row * stride, nIn) }
    }

    deinit { bits.deallocate() }

    /// `nIn` rounded up to 32.
    static func stride(_ nIn: Int) -> Int { (nIn + 31) / 32 * 32 }
}
