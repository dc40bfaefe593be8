import JukeboxJSON
import Testing

/// `depth` nested arrays around `inner`.
private func nested(_ depth: Int, _ inner: String = "") -> String {
    String(repeating: "[", count: depth) + inner + String(repeating: "]", count: depth)
}

@Test func depthExactlyAtTheLimitParses() throws {
    let parser = JSONParser(maxDepth: 3)
    #expect(try parser.parse(nested(3)) == [[[]]])
    #expect(try parser.parse(nested(3, "1")) == [[[1]]])
    #expect(try parser.parse(#"{"a":{"b":[1]}}"#) == ["a": ["b": [1]]])
}

@Test func depthOneOverTheLimitIsRejected() {
    let parser = JSONParser(maxDepth: 3)
    #expect(parseError(nested(4), parser) == .tooDeep(limit: 3, offset: 3))
    #expect(parseError(nested(4, "1"), parser) == .tooDeep(limit: 3, offset: 3))
    #expect(parseError(#"{"a":{"b":[{}]}}"#, parser) == .tooDeep(limit: 3, offset: 11))
    #expect(parseError(nested(500, "1"), parser) == .tooDeep(limit: 3, offset: 3))
}

@Test func depthZeroAllowsOnlyScalars() throws {
    let parser = JSONParser(maxDepth: 0)
    #expect(try parser.parse("\"x\"") == "x")
    #expect(parseError("[]", parser) == .tooDeep(limit: 0, offset: 0))
    #expect(parseError("{}", parser) == .tooDeep(limit: 0, offset: 0))
}

@Test func defaultDepthHandlesDeepButBoundedInput() throws {
    let parser = JSONParser()
    #expect(try parser.parse(nested(parser.maxDepth, "0")).arrayValue != nil)
    #expect(parseError(nested(100_000), parser) == .tooDeep(limit: parser.maxDepth, offset: parser.maxDepth))
}

@Test func sizeExactlyAtTheLimitParses() throws {
    let parser = JSONParser(maxBytes: 9)
    #expect(try parser.parse(#"{"a":"b"}"#) == ["a": "b"])  // 9 bytes
}

@Test func sizeOverTheLimitIsRejectedBeforeParsing() {
    let parser = JSONParser(maxBytes: 8)
    #expect(parseError(#"{"a":"b"}"#, parser) == .tooLarge(bytes: 9, limit: 8))
    // Even text that is not JSON at all: the size is checked first.
    #expect(parseError(String(repeating: "x", count: 1000), parser) == .tooLarge(bytes: 1000, limit: 8))
    #expect(throws: JSONError.tooLarge(bytes: 9, limit: 8)) { try parser.parse(#"{"a":"b"}"#) }
}
