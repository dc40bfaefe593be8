/// Conversions between `float32` and the two 16-bit float formats weights are stored in.
///
/// All functions work on raw bit patterns (`UInt16`) so they need no hardware half-precision
/// support; the bulk versions process eight values per step with SIMD integer operations.
/// Narrowing rounds to nearest, ties to even; NaN stays NaN (quiet), infinities stay infinite,
/// values too large become infinity, and float16 subnormals are produced and read exactly.
public enum HalfFloat {
    // MARK: float16 (IEEE 754 binary16)

    /// Widens one float16 bit pattern to `Float` (exact).
    @inlinable
    public static func float(fromFloat16Bits bits: UInt16) -> Float {
        let magic = Float(bitPattern: 113 << 23)
        let shiftedExponent: UInt32 = 0x7c00 << 13
        var out = (UInt32(bits) & 0x7fff) << 13
        let exponent = out & shiftedExponent
        out &+= (127 - 15) << 23
        if exponent == shiftedExponent {
            out &+= (128 - 16) << 23  // infinity or NaN
        } else if exponent == 0 {
            out = (Float(bitPattern: out &+ (1 << 23)) - magic).bitPattern  // zero or subnormal
        }
        out |= (UInt32(bits) & 0x8000) << 16
        return Float(bitPattern: out)
    }

    /// Narrows `value` to the nearest float16 bit pattern (ties to even).
    @inlinable
    public static func float16Bits(from value: Float) -> UInt16 {
        let infinity: UInt32 = 255 << 23
        let float16Overflow: UInt32 = (127 + 16) << 23
        let denormalMagic: UInt32 = ((127 - 15) + (23 - 10) + 1) << 23
        var bits = value.bitPattern
        let sign = bits & 0x8000_0000
        bits ^= sign
        var out: UInt32
        if bits >= float16Overflow {
            out = bits > infinity ? 0x7e00 : 0x7c00
        } else if bits < 113 << 23 {
            let shifted = Float(bitPattern: bits) + Float(bitPattern: denormalMagic)
            out = shifted.bitPattern &- denormalMagic
        } else {
            let mantissaOdd = (bits >> 13) & 1
            bits &+= ((15 &- 127) << 23) &+ 0xfff
            bits &+= mantissaOdd
            out = bits >> 13
        }
        return UInt16(truncatingIfNeeded: out | (sign >> 16))
    }

    // MARK: bfloat16 (the upper half of a float32)

    /// Widens one bfloat16 bit pattern to `Float` (exact).
    @inlinable
    public static func float(fromBFloat16Bits bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }

    /// Narrows `value` to the nearest bfloat16 bit pattern (ties to even; NaN becomes a quiet NaN).
    @inlinable
    public static func bfloat16Bits(from value: Float) -> UInt16 {
        let bits = value.bitPattern
        if bits & 0x7fff_ffff > 0x7f80_0000 {
            return UInt16(truncatingIfNeeded: (bits >> 16) | 0x40)
        }
        return UInt16(truncatingIfNeeded: (bits &+ 0x7fff &+ ((bits >> 16) & 1)) >> 16)
    }

    // MARK: Eight at a time

    /// Widens the eight float16 values at `source` (any 2-byte alignment).
    @inlinable @inline(__always)
    public static func widenFloat16(eightAt source: UnsafePointer<UInt16>) -> SIMD8<Float> {
        // Exponent and mantissa moved into float position and scaled by 2^112 re-bias every
        // finite value exactly, subnormals included (the multiply normalises them). Exponent 31
        // (infinity, NaN) gets an all-ones float exponent through an integer mask; SIMDMask
        // comparisons would cost extra shuffles on baseline x86-64.
        let wide = zeroExtend(eightAt: source)
        let scaled =
            unsafeBitCast((wide & 0x7fff) &<< 13, to: SIMD8<Float>.self) * Float(bitPattern: (254 - 15) << 23)
        let special = SIMD8<UInt32>() &- (((wide & 0x7c00) &+ 0x0400) &>> 15)  // all ones where exponent == 31
        let out = unsafeBitCast(scaled, to: SIMD8<UInt32>.self) | (special & 0x7f80_0000) | ((wide & 0x8000) &<< 16)
        return unsafeBitCast(out, to: SIMD8<Float>.self)
    }

    /// Widens the eight bfloat16 values at `source` (any 2-byte alignment).
    @inlinable @inline(__always)
    public static func widenBFloat16(eightAt source: UnsafePointer<UInt16>) -> SIMD8<Float> {
        unsafeBitCast(zeroExtend(eightAt: source) &<< 16, to: SIMD8<Float>.self)
    }

    /// The eight `UInt16` at `source` as `UInt32` lanes. Written lane by lane because LLVM turns
    /// this into two loads and two unpacks, while the generic `SIMD8(truncatingIfNeeded:)` is
    /// sometimes left as an out-of-line call inside large loops.
    @inlinable @inline(__always)
    static func zeroExtend(eightAt source: UnsafePointer<UInt16>) -> SIMD8<UInt32> {
        SIMD8<UInt32>(
            UInt32(source[0]), UInt32(source[1]), UInt32(source[2]), UInt32(source[3]),
            UInt32(source[4]), UInt32(source[5]), UInt32(source[6]), UInt32(source[7]))
    }

    // MARK: Bulk conversions

    /// Widens `count` float16 values at `source` into `destination`.
    ///
    /// - Parameters:
    ///   - source: `count` float16 bit patterns (any alignment of 2).
    ///   - destination: Room for `count` floats; must not overlap `source`.
    ///   - count: Number of elements.
    public static func widenFloat16(
        _ source: UnsafePointer<UInt16>, to destination: UnsafeMutablePointer<Float>, count: Int
    ) {
        var index = 0
        while index + 8 <= count {
            UnsafeMutableRawPointer(destination + index).storeBytes(
                of: widenFloat16(eightAt: source + index), as: SIMD8<Float>.self)
            index += 8
        }
        while index < count {
            destination[index] = float(fromFloat16Bits: source[index])
            index += 1
        }
    }

    /// Widens `count` bfloat16 values at `source` into `destination`.
    ///
    /// - Parameters:
    ///   - source: `count` bfloat16 bit patterns.
    ///   - destination: Room for `count` floats; must not overlap `source`.
    ///   - count: Number of elements.
    public static func widenBFloat16(
        _ source: UnsafePointer<UInt16>, to destination: UnsafeMutablePointer<Float>, count: Int
    ) {
        var index = 0
        while index + 8 <= count {
            UnsafeMutableRawPointer(destination + index).storeBytes(
                of: widenBFloat16(eightAt: source + index), as: SIMD8<Float>.self)
            index += 8
        }
        while index < count {
            destination[index] = float(fromBFloat16Bits: source[index])
            index += 1
        }
    }

    /// Narrows `count` floats at `source` to float16 (round to nearest, ties to even).
    ///
    /// - Parameters:
    ///   - source: `count` floats.
    ///   - destination: Room for `count` float16 bit patterns.
    ///   - count: Number of elements.
    public static func narrowToFloat16(
        _ source: UnsafePointer<Float>, to destination: UnsafeMutablePointer<UInt16>, count: Int
    ) {
        for index in 0..<count {
            destination[index] = float16Bits(from: source[index])
        }
    }

    /// Narrows `count` floats at `source` to bfloat16 (round to nearest, ties to even).
    ///
    /// - Parameters:
    ///   - source: `count` floats.
    ///   - destination: Room for `count` bfloat16 bit patterns.
    ///   - count: Number of elements.
    public static func narrowToBFloat16(
        _ source: UnsafePointer<Float>, to destination: UnsafeMutablePointer<UInt16>, count: Int
    ) {
        for index in 0..<count {
            destination[index] = bfloat16Bits(from: source[index])
        }
    }
}
