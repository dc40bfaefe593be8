// SIMD building blocks for the non-BLAS kernels: reductions and a vector exp.
// Swift does not reassociate float sums, so reductions are written with explicit vector
// accumulators instead of hoping for auto-vectorisation.

enum VectorMath {
    typealias Vector = SIMD8<Float>

    /// Loads 8 floats from `pointer` (any alignment).
    @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
    }

    /// Stores 8 floats to `pointer` (any alignment).
    @inline(__always)
    static func store(_ value: Vector, to pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: Vector.self)
    }

    /// `a + b * c` lane by lane: one fused multiply-add (a single rounding) in builds for AVX2
    /// and FMA (`JUKEBOX_FMA`, see Package.swift), a multiply and an add otherwise, where a
    /// fused one would be a library call per lane.
    @inline(__always)
    static func multiplyAdd(_ a: Vector, _ b: Vector, _ c: Vector) -> Vector {
        #if JUKEBOX_FMA
            a.addingProduct(b, c)
        #else
            a + b * c
        #endif
    }

    /// Loads `count` < 8 floats, padding the remaining lanes with `padding`.
    @inline(__always)
    static func loadPartial(_ pointer: UnsafePointer<Float>, count: Int, padding: Float) -> Vector {
        var value = Vector(repeating: padding)
        for lane in 0..<count { value[lane] = pointer[lane] }
        return value
    }

    /// Stores the first `count` < 8 lanes of `value`.
    @inline(__always)
    static func storePartial(_ value: Vector, to pointer: UnsafeMutablePointer<Float>, count: Int) {
        for lane in 0..<count { pointer[lane] = value[lane] }
    }

    /// Sum of `count` floats.
    static func sum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var a0 = Vector()
        var a1 = Vector()
        var i = 0
        while i + 16 <= count {
            a0 += load(x + i)
            a1 += load(x + i + 8)
            i += 16
        }
        if i + 8 <= count {
            a0 += load(x + i)
            i += 8
        }
        var total = (a0 + a1).sum()
        while i < count {
            total += x[i]
            i += 1
        }
        return total
    }

    /// Sum of `(x[i] - center)^2` over `count` floats.
    static func sumOfSquares(_ x: UnsafePointer<Float>, count: Int, center: Float) -> Float {
        let c = Vector(repeating: center)
        var a0 = Vector()
        var a1 = Vector()
        var i = 0
        while i + 16 <= count {
            let d0 = load(x + i) - c
            let d1 = load(x + i + 8) - c
            a0 += d0 * d0
            a1 += d1 * d1
            i += 16
        }
        if i + 8 <= count {
            let d0 = load(x + i) - c
            a0 += d0 * d0
            i += 8
        }
        var total = (a0 + a1).sum()
        while i < count {
            let d = x[i] - center
            total += d * d
            i += 1
        }
        return total
    }

    /// Largest of `count` >= 1 floats (NaN-propagation is not guaranteed).
    static func maximum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var best = Vector(repeating: -.infinity)
        var i = 0
        while i + 8 <= count {
            let v = load(x + i)
            best.replace(with: v, where: v .> best)
            i += 8
        }
        var result = best.max()
        while i < count {
            result = Swift.max(result, x[i])
            i += 1
        }
        return result
    }

    /// `e^x` for 8 lanes, within about 2 ulp of the correctly rounded result over the whole float
    /// range: exact 0 below about -104, subnormals in between, +infinity above `log(Float.greatestFiniteMagnitude)`,
    /// NaN in gives NaN out. (Cephes polynomial on `x - n ln 2`, scaled by `2^n` in two steps.)
    @inline(__always)
    static func exp(_ x: Vector) -> Vector {
        // Clamping through compare-and-replace: `pointwiseMin`/`pointwiseMax` stay out-of-line calls.
        let maxInput = Vector(repeating: 88.722_839_355_468_75)  // log(Float.greatestFiniteMagnitude)
        let minInput = Vector(repeating: -104)  // below this e^x rounds to 0
        var clamped = x.replacing(with: maxInput, where: x .> maxInput)
        clamped.replace(with: minInput, where: clamped .< minInput)
        let roundingMagic = Vector(repeating: 12_582_912)  // 1.5 * 2^23
        let shifted = clamped * 1.442_695_040_888_963_4 + roundingMagic
        let n = shifted - roundingMagic  // round(x / ln 2) as a float
        let nBits = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000  // the same as an integer
        var r = clamped - n * 0.693_359_375
        r = r - n * -2.121_944_4e-4
        var p = Vector(repeating: 1.987_569_150_0e-4)
        p = p * r + 1.398_199_950_7e-3
        p = p * r + 8.333_451_907_3e-3
        p = p * r + 4.166_579_589_4e-2
        p = p * r + 1.666_666_545_9e-1
        p = p * r + 5.000_000_120_1e-1
        var y = p * (r * r) + r + 1
        let half = nBits &>> 1
        let scale1 = unsafeBitCast((half &+ 127) &<< 23, to: Vector.self)
        let scale2 = unsafeBitCast((nBits &- half &+ 127) &<< 23, to: Vector.self)
        y = y * scale1 * scale2
        y.replace(with: Vector(repeating: .infinity), where: x .> maxInput)
        y.replace(with: x, where: x .!= x)
        return y
    }
}
