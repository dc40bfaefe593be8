import Testing

@testable import JukeboxTensor

/// Swift's own `Float16` (correctly rounded, software on x86_64) is the oracle for float16;
/// ``Naive/bfloat16Bits(from:)`` is the oracle for bfloat16.
@Suite struct HalfFloatTests {
    @Test func widenEveryFloat16BitPatternExactly() {
        var mismatches = 0
        for bits in 0...UInt16.max {
            let expected = Float(Float16(bitPattern: bits))
            let actual = HalfFloat.float(fromFloat16Bits: bits)
            let same = expected.isNaN ? actual.isNaN : actual.bitPattern == expected.bitPattern
            if !same { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test func bulkWidenMatchesScalarForAllPatterns() {
        let patterns = (0...UInt16.max).map { $0 }
        // Start at an odd offset so the SIMD loads are unaligned and the tail is exercised.
        let count = patterns.count - 3
        var out = [Float](repeating: 0, count: count)
        patterns.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer {
                HalfFloat.widenFloat16(source.baseAddress! + 1, to: $0.baseAddress!, count: count)
            }
        }
        var mismatches = 0
        for i in 0..<count where out[i].bitPattern != HalfFloat.float(fromFloat16Bits: patterns[i + 1]).bitPattern {
            mismatches += 1
        }
        #expect(mismatches == 0)
    }

    @Test func narrowSpecialValuesToFloat16() {
        #expect(HalfFloat.float16Bits(from: 0) == 0x0000)
        #expect(HalfFloat.float16Bits(from: -0.0) == 0x8000)
        #expect(HalfFloat.float16Bits(from: 1) == 0x3c00)
        #expect(HalfFloat.float16Bits(from: -2) == 0xc000)
        #expect(HalfFloat.float16Bits(from: 65504) == 0x7bff)
        #expect(HalfFloat.float16Bits(from: 65520) == 0x7c00)  // halfway to 2^16 rounds to infinity
        #expect(HalfFloat.float16Bits(from: 65519) == 0x7bff)
        #expect(HalfFloat.float16Bits(from: .infinity) == 0x7c00)
        #expect(HalfFloat.float16Bits(from: -.infinity) == 0xfc00)
        #expect(HalfFloat.float16Bits(from: 1e10) == 0x7c00)
        let nan = HalfFloat.float16Bits(from: .nan)
        #expect(nan & 0x7c00 == 0x7c00 && nan & 0x03ff != 0)
        #expect(HalfFloat.float16Bits(from: 5.960_464_5e-8) == 0x0001)  // smallest subnormal
        #expect(HalfFloat.float16Bits(from: 2.980_232_2e-8) == 0x0000)  // half of it: tie to even (zero)
        #expect(HalfFloat.float16Bits(from: 8.940_697e-8) == 0x0002)  // 1.5 ulp: tie to even (2)
        #expect(HalfFloat.float16Bits(from: 6.097_555e-5) == 0x03ff)  // largest subnormal
        #expect(HalfFloat.float16Bits(from: 1 + 1.0 / 2048) == 0x3c00)  // tie, even stays
        #expect(HalfFloat.float16Bits(from: 1 + 3.0 / 2048) == 0x3c02)  // tie, odd rounds up
    }

    @Test func narrowToFloat16MatchesSwiftOnRandomAndHalfwayValues() {
        var generator = SeededGenerator(seed: 1)
        var values: [Float] = []
        for _ in 0..<200_000 {
            values.append(Float(bitPattern: UInt32.random(in: 0...UInt32.max, using: &generator)))
        }
        // Every midpoint between adjacent finite float16 values, and its float neighbours.
        for bits in UInt16(0)..<0x7bff {
            let low = Float(Float16(bitPattern: bits))
            let high = Float(Float16(bitPattern: bits + 1))
            let middle = (low + high) / 2
            values += [middle, middle.nextUp, middle.nextDown, -middle]
        }
        var mismatches = 0
        var firstMismatch: Float?
        for value in values {
            let expected = Float16(value)
            let actual = HalfFloat.float16Bits(from: value)
            let same = expected.isNaN ? Float16(bitPattern: actual).isNaN : actual == expected.bitPattern
            if !same {
                mismatches += 1
                firstMismatch = firstMismatch ?? value
            }
        }
        #expect(mismatches == 0, "first mismatch at \(String(describing: firstMismatch))")
    }

    @Test func bfloat16WidenIsTheUpperHalf() {
        #expect(HalfFloat.float(fromBFloat16Bits: 0x3f80) == 1)
        #expect(HalfFloat.float(fromBFloat16Bits: 0xc040) == -3)
        #expect(HalfFloat.float(fromBFloat16Bits: 0x7f80) == .infinity)
        #expect(HalfFloat.float(fromBFloat16Bits: 0x7fc0).isNaN)
        #expect(HalfFloat.float(fromBFloat16Bits: 0x0001) == Float(bitPattern: 0x0001_0000))  // subnormal
        let patterns: [UInt16] = (0..<1000).map { UInt16($0 * 65) }
        var bulk = [Float](repeating: 0, count: patterns.count)
        patterns.withUnsafeBufferPointer { p in
            bulk.withUnsafeMutableBufferPointer {
                HalfFloat.widenBFloat16(p.baseAddress!, to: $0.baseAddress!, count: p.count)
            }
        }
        #expect(zip(patterns, bulk).allSatisfy { $1.bitPattern == UInt32($0) << 16 })
    }

    @Test func narrowToBFloat16MatchesNaiveRounding() {
        #expect(HalfFloat.bfloat16Bits(from: 1) == 0x3f80)
        #expect(HalfFloat.bfloat16Bits(from: Float(bitPattern: 0x3f80_8000)) == 0x3f80)  // tie, even stays
        #expect(HalfFloat.bfloat16Bits(from: Float(bitPattern: 0x3f81_8000)) == 0x3f82)  // tie, odd rounds up
        #expect(HalfFloat.bfloat16Bits(from: Float(bitPattern: 0x3f80_8001)) == 0x3f81)
        #expect(HalfFloat.bfloat16Bits(from: .greatestFiniteMagnitude) == 0x7f80)  // rounds to infinity
        #expect(HalfFloat.bfloat16Bits(from: -.infinity) == 0xff80)
        #expect(HalfFloat.float(fromBFloat16Bits: HalfFloat.bfloat16Bits(from: .nan)).isNaN)
        #expect(HalfFloat.float(fromBFloat16Bits: HalfFloat.bfloat16Bits(from: Float(bitPattern: 0x7f80_0001))).isNaN)
        var generator = SeededGenerator(seed: 2)
        var mismatches = 0
        for _ in 0..<200_000 {
            let value = Float(bitPattern: UInt32.random(in: 0...UInt32.max, using: &generator))
            let actual = HalfFloat.bfloat16Bits(from: value)
            let expected = Naive.bfloat16Bits(from: value)
            if value.isNaN {
                if !HalfFloat.float(fromBFloat16Bits: actual).isNaN { mismatches += 1 }
            } else if actual != expected {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
    }

    @Test(arguments: [DType.float16, .bfloat16])
    func tensorRoundTripsThroughSixteenBits(dtype: DType) {
        var generator = SeededGenerator(seed: 3)
        let original = randomTensor([3, 17], in: -100...100, using: &generator)
        let narrow = original.converted(to: dtype)
        #expect(narrow.dtype == dtype)
        #expect(narrow.byteCount == 3 * 17 * 2)
        let back = narrow.converted(to: .float32)
        // float16 keeps 11 significant bits, bfloat16 8: relative error at most half an ulp.
        let relative: Float = dtype == .float16 ? 1.0 / 2048 : 1.0 / 256
        expectClose(back, original, absolute: 0, relative: relative, "\(dtype) round trip")
        // Narrowing the widened values again is exact.
        #expect(back.converted(to: dtype).withUnsafeRawBytes { Array($0) } == narrow.withUnsafeRawBytes { Array($0) })
        #expect(narrow.floats() == back.floats())
    }
}
