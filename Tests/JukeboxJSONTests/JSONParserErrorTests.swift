import JukeboxJSON
import Testing

@Test func malformedInputReportsJsonCMessageAndOffset() {
    #expect(parseError("[1,]") == .malformed(message: "unexpected character", offset: 3))
    #expect(malformedOffset(#"{"a" 1}"#) == 5)
    #expect(malformedOffset("[1 2]") == 3)
    #expect(malformedOffset("{'a':1}") == 1)
    #expect(malformedOffset("/* c */ 1") == 0)
    #expect(malformedOffset("TRUE") == 0)
    #expect(malformedOffset(#"{"a":1,}"#) == 7)
    #expect(malformedOffset(#""\x""#) != nil)
}

@Test func sloppyNumbersThatJsonCAcceptsAreRejected() {
    #expect(malformedOffset("01") != nil)
    #expect(malformedOffset("[-01]") == 1)
    #expect(malformedOffset("[00]") == 1)
    #expect(malformedOffset("[1.]") == 1)
    #expect(malformedOffset("[1.e5]") == 1)
    #expect(malformedOffset("[2,-]") == 4)  // json-c stops after the "-"
}

@Test func nanAndInfinityAreRejected() {
    for text in ["NaN", "Infinity", "-Infinity", "[1,NaN]", #"{"t":Infinity}"#] {
        guard case .malformed(let message, _) = parseError(text) else {
            Issue.record("\(text) was not rejected as malformed")
            continue
        }
        #expect(message.contains("NaN and Infinity"))
    }
}

@Test func trailingDataIsRejected() {
    #expect(parseError("{} x") == .trailingData(offset: 3))
    #expect(parseError("[] []") == .trailingData(offset: 3))
    #expect(parseError("{\"a\":1}\n{\"a\":2}") == .trailingData(offset: 8))
    #expect(parseError("0x10") == .trailingData(offset: 1))
    #expect(parseError([UInt8]("[1]".utf8) + [0]) == .trailingData(offset: 3))
}

@Test func incompleteInputIsReported() {
    #expect(parseError("") == .incomplete(offset: 0))
    #expect(parseError("   ") == .incomplete(offset: 3))
    #expect(parseError("[1,2") == .incomplete(offset: 4))
    #expect(parseError(#"{"a":"#) == .incomplete(offset: 5))
    #expect(parseError(#"{"a":"bc"#) == .incomplete(offset: 8))
    #expect(parseError(#""abc"#) == .incomplete(offset: 4))
}

@Test func literalCutAtTheEndIsMalformedAtTheEnd() {
    #expect(malformedOffset("tru") == 3)
    #expect(malformedOffset("1e") == 2)
}

@Test func invalidUTF8InAStringIsRejected() {
    let prefix = Array(#"{"a":""#.utf8)
    let suffix = Array(#""}"#.utf8)
    #expect(parseError(prefix + [0xFF] + suffix) == .notUTF8(offset: 6))
    #expect(parseError(prefix + [0x41, 0xC3] + suffix) == .notUTF8(offset: 7))  // truncated sequence
    #expect(parseError(prefix + [0xC0, 0xAF] + suffix) == .notUTF8(offset: 6))  // overlong "/"
    #expect(parseError(prefix + [0xED, 0xA0, 0x80] + suffix) == .notUTF8(offset: 6))  // encoded surrogate
    #expect(parseError(prefix + [0xF4, 0x90, 0x80, 0x80] + suffix) == .notUTF8(offset: 6))  // past U+10FFFF
    #expect(parseError(prefix + [0x80] + suffix) == .notUTF8(offset: 6))  // lone continuation byte
}

@Test func loneSurrogateEscapesAreRejected() {
    #expect(parseError(#"["\ud83d"]"#) == .notUTF8(offset: 2))
    #expect(parseError(#"["x\ude00"]"#) == .notUTF8(offset: 3))
    #expect(parseError(#"["\ud83dx"]"#) == .notUTF8(offset: 2))
    #expect(parseError(#"["\ud83d\u0041"]"#) == .notUTF8(offset: 2))
}

@Test func rawControlCharactersInStringsAreRejected() {
    #expect(malformedOffset("[\"a\nb\"]") == 3)
    #expect(malformedOffset("[\"a\tb\"]") == 3)
    #expect(malformedOffset("[\"\u{1}\"]") == 2)
}

@Test func rawNulByteIsRejected() {
    let bytes: [UInt8] = Array(#"["a"#.utf8) + [0] + Array(#"b"]"#.utf8)
    guard case .malformed(let message, let offset) = parseError(bytes) else {
        Issue.record("raw NUL was not rejected")
        return
    }
    #expect(offset == 3)
    #expect(message.contains("NUL"))
}

@Test func duplicateKeysAreRejected() {
    #expect(parseError(#"{"a":1,"a":2}"#) == .duplicateKey(key: "a", offset: 7))
    #expect(parseError(#"{"a":1,"b":{"x":[1]},"a":3}"#) == .duplicateKey(key: "a", offset: 21))
    #expect(parseError(#"[{"ok":1},{"in":{"k":1,"k":1}}]"#) == .duplicateKey(key: "k", offset: 23))
    // The same key written once plainly and once escaped is still the same key.
    #expect(parseError(#"{"a":1,"\u0061":2}"#) == .duplicateKey(key: "a", offset: 7))
    // A repeated key whose first value held objects: the enclosing object is reported.
    #expect(parseError(#"{"a":{"x":{}},"a":{"y":1}}"#) == .duplicateKey(key: "a", offset: 14))
}

@Test func sameKeyInDifferentObjectsIsFine() throws {
    let value = try JSONParser().parse(#"{"a":{"a":1},"b":[{"a":2},{"a":3}]}"#)
    #expect(value["b"]?[1]?["a"] == 3)
}

@Test func nulInAKeyIsRejected() {
    #expect(malformedOffset(#"{"a\u0000b":1}"#) == 1)
}

@Test func errorDescriptionsNameTheOffset() {
    #expect(JSONError.trailingData(offset: 12).description.contains("12"))
    #expect(JSONError.tooLarge(bytes: 10, limit: 4).description.contains("limit of 4 bytes"))
    #expect(JSONError.duplicateKey(key: "id", offset: 3).description.contains("\"id\""))
}

@Test func rawNulByteOutsideAStringIsRejected() {
    let bytes: [UInt8] = Array("[1,".utf8) + [0] + Array("2]".utf8)
    guard case .malformed(_, let offset) = parseError(bytes) else {
        Issue.record("raw NUL was not rejected")
        return
    }
    #expect(offset == 3)
}
