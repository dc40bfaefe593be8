import JukeboxJSON
import Testing

@Test func rawUTF8StringsParse() throws {
    let value = try JSONParser().parse("[\"é\", \"日本語\", \"😀\", \"a\u{7F}b\"]")
    #expect(value == ["é", "日本語", "😀", "a\u{7F}b"])
}

@Test func bmpEscapesDecode() throws {
    #expect(try JSONParser().parse(#""\u00e9\u65E5\u0041""#) == "é日A")
}

@Test func astralEscapesDecodeFromSurrogatePairs() throws {
    #expect(try JSONParser().parse(#""\ud83d\ude00""#) == "😀")
    #expect(try JSONParser().parse(#""x\uD834\uDD1Ey""#) == "x𝄞y")
}

@Test func simpleEscapesDecode() throws {
    #expect(try JSONParser().parse(#""\"\\\/\b\f\n\r\t""#) == "\"\\/\u{8}\u{C}\n\r\t")
}

@Test func embeddedNulIsPreserved() throws {
    let value = try JSONParser().parse(#""a\u0000b""#)
    #expect(value == "a\u{0}b")
    #expect(value.stringValue?.utf8.count == 3)
    #expect(value.serialized() == #""a\u0000b""#)
}

@Test func unicodeRoundTripsAsRawUTF8() throws {
    let value: JSONValue = ["κλειδί": "😀 é 日本 \u{10FFFF} \u{FFFD}"]
    let text = value.serialized()
    #expect(text == "{\"κλειδί\":\"😀 é 日本 \u{10FFFF} \u{FFFD}\"}")
    #expect(try roundTrip(value) == value)
}

@Test func decomposedAndPrecomposedStringsStayDistinctBytes() throws {
    let value = try JSONParser().parse("[\"e\u{301}\"]")
    #expect(value[0]?.stringValue.map { Array($0.utf8) } == [0x65, 0xCC, 0x81])
}
