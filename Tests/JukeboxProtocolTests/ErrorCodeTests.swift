import JukeboxJSON
import JukeboxProtocol
import Testing

@Test func errorCodesAreStable() {
    // These strings are the wire contract (jukebox-protocol(7)); changing one breaks clients.
    #expect(
        ErrorCode.allCases.map(\.rawValue) == [
            "bad_json", "line_too_long", "too_deep", "bad_request", "unknown_op", "unknown_field", "missing_field",
            "invalid_field", "out_of_range", "unknown_model", "unknown_artist", "unknown_genre", "bad_audio", "busy",
            "not_found", "not_ready", "forbidden", "cancelled", "shutting_down", "internal", "numeric_error", "crashed",
            "disk_full", "timeout", "no_space", "job_active", "last_take", "job_ended",
        ])
}

@Test func everyCodeReadsBackFromTheWire() {
    for code in ErrorCode.allCases {
        #expect(ErrorCode(wire: code.rawValue) == code)
    }
    #expect(ErrorCode(wire: "something_new") == .internal)
}

@Test func jsonErrorsMapToCodes() {
    let cases: [(JSONError, ErrorCode)] = [
        (.tooLarge(bytes: 10, limit: 5), .lineTooLong),
        (.tooDeep(limit: 16, offset: 3), .tooDeep),
        (.malformed(message: "x", offset: 0), .badJSON),
        (.trailingData(offset: 4), .badJSON),
        (.notUTF8(offset: 1), .badJSON),
        (.incomplete(offset: 2), .badJSON),
        (.duplicateKey(key: "id", offset: 9), .badJSON),
        (.numberOutOfRange(literal: "1e999", offset: 0), .badJSON),
        (.outOfMemory, .internal),
    ]
    for (error, code) in cases {
        #expect(ErrorCode(error) == code, "\(error)")
        #expect(MessageError.json(error).code == code)
    }
}

@Test func invalidUTF8IsBadJSON() {
    let line: [UInt8] = Array(#"{"op":"status","id":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
    do {
        _ = try Request(line: line, parser: lineParser)
        Issue.record("decoded")
    } catch {
        #expect(error.code == .badJSON)
    }
}
