import JukeboxJSON
import Testing

@Test func integersParseAsIntegers() throws {
    let parser = JSONParser()
    #expect(try parser.parse("0") == .integer(0))
    #expect(try parser.parse("-0") == .integer(0))
    #expect(try parser.parse("9223372036854775807") == .integer(.max))
    #expect(try parser.parse("-9223372036854775808") == .integer(.min))
    #expect(try parser.parse("[12345]") == [.integer(12345)])
}

@Test func fractionsAndExponentsParseAsNumbers() throws {
    let parser = JSONParser()
    #expect(try parser.parse("1.5") == .number(1.5))
    #expect(try parser.parse("0.1") == .number(0.1))
    #expect(try parser.parse("1e300") == .number(1e300))
    #expect(try parser.parse("1E+2") == .number(100))
    #expect(try parser.parse("-2.5e-3") == .number(-0.0025))
    #expect(try parser.parse("1.0") == .number(1.0))
    #expect(try parser.parse("1e-400") == .number(0))  // underflow to zero is not an error
}

@Test func negativeZeroKeepsItsSign() throws {
    let value = try JSONParser().parse("-0.0")
    #expect(value.doubleValue?.sign == .minus)
    #expect(JSONValue.number(-0.0).serialized() == "-0.0")
    #expect(try roundTrip(.number(-0.0)).doubleValue?.sign == .minus)
}

@Test func integersBeyondInt64AreRejectedNotSaturated() {
    #expect(parseError("9223372036854775808") == .numberOutOfRange(literal: "9223372036854775808", offset: 0))
    #expect(parseError("[-9223372036854775809]") == .numberOutOfRange(literal: "-9223372036854775809", offset: 1))
    #expect(parseError("18446744073709551616") == .numberOutOfRange(literal: "18446744073709551616", offset: 0))
    #expect(
        parseError(#"{"seed":123456789012345678901234567890}"#)
            == .numberOutOfRange(literal: "123456789012345678901234567890", offset: 8))
}

@Test func largeIntegersWrittenAsDoublesAreAccepted() throws {
    #expect(try JSONParser().parse("9223372036854775808.0") == .number(9_223_372_036_854_775_808.0))
    #expect(try JSONParser().parse("1e19") == .number(1e19))
}

@Test func doubleOverflowIsRejected() {
    #expect(parseError("1e400") == .numberOutOfRange(literal: "1e400", offset: 0))
    #expect(parseError("[-1.5e309]") == .numberOutOfRange(literal: "-1.5e309", offset: 1))
    #expect(parseError("[" + String(repeating: "9", count: 400) + ".0]") != nil)
}

@Test func doublesSerialiseShortestAndRoundTrip() throws {
    let cases: [(Double, String)] = [
        (0, "0.0"), (1.5, "1.5"), (0.1, "0.1"), (1e300, "1e+300"), (-2, "-2.0"), (.leastNonzeroMagnitude, "5e-324"),
        (1e-5, "1e-05"), (.greatestFiniteMagnitude, "1.7976931348623157e+308"), (123456.789, "123456.789"),
    ]
    for (double, text) in cases {
        #expect(JSONValue.number(double).serialized() == text)
        #expect(try JSONParser().parse(text) == .number(double))
    }
}

@Test func integersSerialiseInDecimalAndRoundTrip() throws {
    for i: Int64 in [0, -1, 42, .max, .min] {
        #expect(JSONValue.integer(i).serialized() == String(i))
        #expect(try roundTrip(.integer(i)) == .integer(i))
    }
}

@Test func nonFiniteDoublesSerialiseAsNull() {
    #expect(JSONValue.number(.nan).serialized() == "null")
    #expect(JSONValue.number(.infinity).serialized() == "null")
    #expect(JSONValue.array([.number(-.infinity)]).serialized() == "[null]")
}

@Test func randomDoublesRoundTripExactly() throws {
    var rng = SystemRandomNumberGenerator()
    for _ in 0..<2000 {
        let d = Double(bitPattern: rng.next() & ~(0x7FF << 52) | (UInt64.random(in: 1...2046, using: &rng) << 52))
        #expect(try roundTrip(.number(d)) == .number(d), "\(d)")
    }
}
