import JukeboxJSON
import Testing

@Test func outputIsCompactWithKeysInOrder() {
    let value: JSONValue = ["b": [1, true, nil], "a": ["y": "z"], "c": 0.5]
    #expect(value.serialized() == #"{"b":[1,true,null],"a":{"y":"z"},"c":0.5}"#)
}

@Test func outputNeverHoldsARawNewline() throws {
    let value: JSONValue = ["text": "line1\nline2\r\nend\u{2028}", "k\ney": ["\n", "\r"]]
    let text = value.serialized()
    #expect(!text.utf8.contains(UInt8(ascii: "\n")))
    #expect(!text.utf8.contains(UInt8(ascii: "\r")))
    #expect(text == #"{"text":"line1\nline2\r\nend"# + "\u{2028}" + #"","k\ney":["\n","\r"]}"#)
    #expect(try roundTrip(value) == value)
}

@Test func everyControlCharacterIsEscaped() throws {
    let controls = String(decoding: (0..<0x20).map { UInt8($0) }, as: UTF8.self)
    let text = JSONValue.string(controls).serialized()
    #expect(text.utf8.allSatisfy { $0 >= 0x20 })
    #expect(text.hasPrefix(#""\u0000\u0001"#))
    #expect(text.contains(#"\b\t\n\u000b\f\r\u000e"#))
    #expect(try roundTrip(.string(controls)) == .string(controls))
}

@Test func quotesAndBackslashesAreEscapedButSlashIsNot() {
    #expect(JSONValue.string(#"a"b\c/d"#).serialized() == #""a\"b\\c/d""#)
}

@Test func emptyContainersAndStrings() {
    #expect(JSONValue.array([]).serialized() == "[]")
    #expect(JSONValue.object(JSONObject()).serialized() == "{}")
    #expect(JSONValue.string("").serialized() == #""""#)
}

@Test func serializedBytesMatchTheString() {
    let value: JSONValue = ["é": [1, "x"]]
    #expect(value.serializedBytes() == Array(value.serialized().utf8))
}
