import JukeboxJSON
import JukeboxProtocol
import Testing

/// A request line that must fail, with the code and field its error must carry.
struct BadRequest: CustomTestStringConvertible, Sendable {
    let line: String
    let code: ErrorCode
    let field: String?
    var testDescription: String { "\(code.rawValue) \(field ?? "-"): \(line.prefix(100))" }
}

/// `{"op":"submit","id":1,` + `rest`.
private func submit(_ rest: String) -> String { #"{"op":"submit","id":1,"# + rest + "}" }
/// A valid ancestral submit with `extra` members added.
private func ancestral(_ extra: String) -> String {
    submit(#""model":"5b","mode":"ancestral","seconds":20,"# + extra)
}
/// A primed submit with `extra` members added.
private func primed(_ extra: String) -> String {
    submit(#""model":"5b","mode":"primed","seconds":20,"# + extra)
}

private func bad(_ line: String, _ code: ErrorCode, _ field: String? = nil) -> BadRequest {
    BadRequest(line: line, code: code, field: field)
}

let badRequests: [BadRequest] = [
    // Not JSON, or not a message.
    bad(#"{"op":"#, .badJSON),
    bad(#"{"op":"status","id":1} x"#, .badJSON),
    bad(#"{"op":"status","id":NaN}"#, .badJSON),
    bad(#"{"op":"status","id":1,"id":2}"#, .badJSON, "id"),
    bad(#"{"op":"status","id":99999999999999999999}"#, .badJSON),
    bad(
        #"{"op":"status","id":1,"x":"# + String(repeating: "[", count: 20) + String(repeating: "]", count: 20) + "}",
        .tooDeep),
    bad("[1,2]", .badRequest),
    bad(#""status""#, .badRequest),
    // The envelope.
    bad(#"{"id":1}"#, .missingField, "op"),
    bad(#"{"op":"status"}"#, .missingField, "id"),
    bad(#"{"op":5,"id":1}"#, .invalidField, "op"),
    bad(#"{"op":"dance","id":1}"#, .unknownOp),
    bad(#"{"op":"Status","id":1}"#, .unknownOp),
    bad(#"{"op":"status","id":1.5}"#, .invalidField, "id"),
    bad(#"{"op":"status","id":true}"#, .invalidField, "id"),
    bad(#"{"op":"status","id":1,"verbose":true}"#, .unknownField, "verbose"),
    bad(#"{"op":"models","id":1,"model":"5b"}"#, .unknownField, "model"),
    bad(#"{"op":"jobs","id":1,"all":true}"#, .unknownField, "all"),
    // labels
    bad(#"{"op":"labels","id":1}"#, .missingField, "model"),
    bad(#"{"op":"labels","id":1,"model":""}"#, .invalidField, "model"),
    bad(#"{"op":"labels","id":1,"model":7}"#, .invalidField, "model"),
    bad(#"{"op":"labels","id":1,"model":"m","limit":0}"#, .outOfRange, "limit"),
    bad(#"{"op":"labels","id":1,"model":"m","limit":1001}"#, .outOfRange, "limit"),
    bad(#"{"op":"labels","id":1,"model":"m","limit":"5"}"#, .invalidField, "limit"),
    bad(#"{"op":"labels","id":1,"model":"m","artists":"x"}"#, .unknownField, "artists"),
    // Label queries are capped (the search's cost grows with the query): 256 bytes pass, 257 do not.
    bad(
        #"{"op":"labels","id":1,"model":"m","artist":""# + String(repeating: "a", count: 257) + #""}"#, .outOfRange,
        "artist"),
    bad(
        #"{"op":"labels","id":1,"model":"m","genre":""# + String(repeating: "é", count: 129) + #""}"#, .outOfRange,
        "genre"),
    bad(
        #"{"op":"labels","id":1,"model":"m","artist":""# + String(repeating: "x", count: 1 << 20) + #""}"#, .outOfRange,
        "artist"),
    bad(ancestral(#""artist":""# + String(repeating: "a", count: 257) + #"""#), .outOfRange, "artist"),
    bad(ancestral(#""genres":["rock",""# + String(repeating: "b", count: 300) + #""]"#), .outOfRange, "genres[1]"),
    bad(submit(#""model":"5b","mode":"ancestral","seconds":5e-324"#), .outOfRange, "seconds"),
    bad(submit(#""model":"5b","mode":"ancestral","seconds":0.009"#), .outOfRange, "seconds"),
    // Temperatures that float32 cannot divide by safely are refused at submit.
    bad(ancestral(#""temperature":1e-40"#), .outOfRange, "temperature"),
    bad(ancestral(#""temperature":0.0009"#), .outOfRange, "temperature"),
    bad(ancestral(#""temperatures":[0.98,5e-324,0.99]"#), .outOfRange, "temperatures[1]"),
    // watch, cancel
    bad(#"{"op":"watch","id":1}"#, .missingField, "job"),
    bad(#"{"op":"cancel","id":1,"job":"a/b"}"#, .invalidField, "job"),
    bad(#"{"op":"cancel","id":1,"job":""}"#, .invalidField, "job"),
    bad(#"{"op":"cancel","id":1,"job":""# + String(repeating: "j", count: 65) + "\"}", .invalidField, "job"),
    bad(#"{"op":"cancel","id":1,"job":12}"#, .invalidField, "job"),
    bad(#"{"op":"watch","id":1,"job":"j","take":0}"#, .unknownField, "take"),
    // fetch
    bad(#"{"op":"fetch","id":1}"#, .missingField, "job"),
    bad(#"{"op":"fetch","id":1,"job":"j","take":-1}"#, .outOfRange, "take"),
    bad(#"{"op":"fetch","id":1,"job":"j","level":3}"#, .outOfRange, "level"),
    bad(#"{"op":"fetch","id":1,"job":"j","tokens":"yes"}"#, .invalidField, "tokens"),
    bad(#"{"op":"fetch","id":1,"job":"j","format":"mp3"}"#, .invalidField, "format"),
    bad(#"{"op":"fetch","id":1,"job":"j","tokens":true,"format":"wav"}"#, .invalidField, "format"),
    bad(#"{"op":"fetch","id":1,"job":"j","tokens":true,"preview":true}"#, .invalidField, "preview"),
    bad(#"{"op":"fetch","id":1,"job":"j","preview":1}"#, .invalidField, "preview"),
    // drop_take
    bad(#"{"op":"drop_take","id":1,"job":"j"}"#, .missingField, "take"),
    bad(#"{"op":"drop_take","id":1,"take":0}"#, .missingField, "job"),
    bad(#"{"op":"drop_take","id":1,"job":"j","take":16}"#, .outOfRange, "take"),
    bad(#"{"op":"drop_take","id":1,"job":"j","take":0,"level":2}"#, .unknownField, "level"),
    // submit: required fields and types
    bad(submit(#""mode":"ancestral","seconds":20"#), .missingField, "model"),
    bad(submit(#""model":"5b","seconds":20"#), .missingField, "mode"),
    bad(submit(#""model":"5b","mode":"jam","seconds":20"#), .invalidField, "mode"),
    bad(submit(#""model":"5b","mode":"ancestral""#), .missingField, "seconds"),
    bad(submit(#""model":"5b","mode":"ancestral","seconds":"20""#), .invalidField, "seconds"),
    bad(submit(#""model":"5b","mode":"ancestral","seconds":0"#), .outOfRange, "seconds"),
    bad(submit(#""model":"5b","mode":"ancestral","seconds":-1"#), .outOfRange, "seconds"),
    bad(submit(#""model":"5b","mode":"ancestral","seconds":1200.5"#), .outOfRange, "seconds"),
    bad(submit(#""model":"5b","mode":"ancestral","sead":5"#), .unknownField, "sead"),
    bad(ancestral(#""takes":0"#), .outOfRange, "takes"),
    bad(ancestral(#""takes":17"#), .outOfRange, "takes"),
    bad(ancestral(#""takes":1.5"#), .invalidField, "takes"),
    bad(ancestral(#""seed":-1"#), .outOfRange, "seed"),
    bad(ancestral(#""seed":"1""#), .invalidField, "seed"),
    bad(ancestral(#""temperature":0"#), .outOfRange, "temperature"),
    bad(ancestral(#""temperature":2.5"#), .outOfRange, "temperature"),
    bad(ancestral(#""temperatures":[1,1]"#), .invalidField, "temperatures"),
    bad(ancestral(#""temperatures":0.9"#), .invalidField, "temperatures"),
    bad(ancestral(#""temperatures":[1,1,0]"#), .outOfRange, "temperatures[2]"),
    bad(ancestral(#""temperatures":[1,"1",1]"#), .invalidField, "temperatures[1]"),
    bad(ancestral(#""temperatures":[1,1,1],"temperature":1"#), .invalidField, "temperature"),
    bad(ancestral(#""top_p":0"#), .outOfRange, "top_p"),
    bad(ancestral(#""top_p":1.5"#), .outOfRange, "top_p"),
    bad(ancestral(#""top_k":-1"#), .outOfRange, "top_k"),
    bad(ancestral(#""top_k":5,"top_p":0.9"#), .invalidField, "top_p"),
    bad(ancestral(#""levels":[]"#), .invalidField, "levels"),
    bad(ancestral(#""levels":[1,0]"#), .invalidField, "levels"),
    bad(ancestral(#""levels":[2,0]"#), .invalidField, "levels"),
    bad(ancestral(#""levels":[2,2]"#), .invalidField, "levels"),
    bad(ancestral(#""levels":[0,1,2]"#), .invalidField, "levels"),
    bad(ancestral(#""levels":[2,1,0,-1]"#), .outOfRange, "levels[3]"),
    bad(ancestral(#""levels":[3,2]"#), .outOfRange, "levels[0]"),
    bad(ancestral(#""levels":["2"]"#), .invalidField, "levels[0]"),
    bad(ancestral(#""levels":2"#), .invalidField, "levels"),
    bad(ancestral(#""hop_fractions":[0.5,0.5]"#), .invalidField, "hop_fractions"),
    bad(ancestral(#""hop_fractions":[0,0.5,0.5]"#), .outOfRange, "hop_fractions[0]"),
    bad(ancestral(#""hop_fractions":[0.5,0.5,1.5]"#), .outOfRange, "hop_fractions[2]"),
    bad(ancestral(#""format":"mp3""#), .invalidField, "format"),
    bad(ancestral(#""watch":1"#), .invalidField, "watch"),
    bad(ancestral(#""genres":"pop""#), .invalidField, "genres"),
    bad(ancestral(#""genres":[""]"#), .invalidField, "genres[0]"),
    bad(ancestral(#""genres":["pop",1]"#), .invalidField, "genres[1]"),
    bad(ancestral(#""genres":["a","b","c","d","e","f"]"#), .outOfRange, "genres"),
    bad(ancestral(#""lyrics":""# + String(repeating: "la ", count: 30000) + "\""), .outOfRange, "lyrics"),
    bad(ancestral(#""lyrics":["la"]"#), .invalidField, "lyrics"),
    bad(ancestral(#""artist":"""#), .invalidField, "artist"),
    bad(ancestral(#""song_seconds":10,"offset_seconds":20"#), .outOfRange, "song_seconds"),
    bad(ancestral(#""song_seconds":4000"#), .outOfRange, "song_seconds"),
    bad(ancestral(#""offset_seconds":-1"#), .outOfRange, "offset_seconds"),
    // submit: fields and modes
    bad(ancestral(#""prompt_seconds":5"#), .invalidField, "prompt_seconds"),
    bad(ancestral(#""primer_base64":"AAAA""#), .invalidField, "primer_base64"),
    bad(ancestral(#""primer_path":"/a.wav""#), .invalidField, "primer_path"),
    bad(ancestral(#""job":"j""#), .invalidField, "job"),
    bad(primed(#""prompt_seconds":5"#), .missingField, "primer_base64"),
    bad(primed(#""primer_base64":"AAAA","primer_path":"/a.wav""#), .invalidField, "primer_path"),
    bad(primed(#""primer_base64":"abc""#), .invalidField, "primer_base64"),
    bad(primed(#""primer_base64":"ab=c""#), .invalidField, "primer_base64"),
    bad(primed(#""primer_base64":"""#), .invalidField, "primer_base64"),
    bad(primed(#""primer_path":"verse.wav""#), .invalidField, "primer_path"),
    bad(primed(#""primer_path":"/v.wav","job":"j""#), .invalidField, "job"),
    bad(primed(#""primer_path":"/v.wav","prompt_seconds":0"#), .outOfRange, "prompt_seconds"),
    bad(submit(#""model":"5b","mode":"continue","seconds":20"#), .missingField, "job"),
    bad(submit(#""model":"5b","mode":"continue","seconds":20,"take":1"#), .missingField, "job"),
    bad(submit(#""model":"5b","mode":"continue","seconds":20,"job":"j","take":16"#), .outOfRange, "take"),
    bad(
        submit(#""model":"5b","mode":"continue","seconds":20,"job":"j","primer_path":"/v.wav""#), .invalidField,
        "primer_path"),
    bad(submit(#""model":"5b","mode":"continue","job":"j""#), .missingField, "seconds"),
    bad(submit(#""model":"5b","mode":"upsample","job":"j","seconds":20"#), .invalidField, "seconds"),
    bad(submit(#""model":"5b","mode":"upsample","job":"j","levels":[2,1]"#), .invalidField, "levels"),
    bad(submit(#""model":"5b","mode":"upsample","job":"j","prompt_seconds":3"#), .invalidField, "prompt_seconds"),
    bad(submit(#""model":"5b","mode":"upsample""#), .missingField, "job"),
]

@Test(arguments: badRequests)
func badRequestGivesItsCodeAndField(_ bad: BadRequest) {
    guard let error = requestError(bad.line) else {
        Issue.record("decoded without error")
        return
    }
    #expect(error.code == bad.code, "\(error)")
    #expect(error.field == bad.field, "\(error)")
    if let field = bad.field {
        #expect(error.description.contains(field), "the message names the field: \(error)")
    }
    let reply = error.errorReply
    #expect(reply.code == bad.code && reply.field == bad.field && reply.message == error.description)
}

@Test func everyRequestErrorCodeIsExercised() {
    let codes = Set(badRequests.map(\.code))
    let requestCodes: Set<ErrorCode> = [
        .badJSON, .tooDeep, .badRequest, .unknownOp, .unknownField, .missingField, .invalidField, .outOfRange,
    ]
    #expect(codes == requestCodes)
}

@Test func anOversizedLineIsLineTooLong() {
    let parser = JSONParser(maxBytes: 64, maxDepth: 16)
    let line = Array(#"{"op":"status","id":"\#(String(repeating: "x", count: 100))"}"#.utf8)
    do {
        _ = try Request(line: line, parser: parser)
        Issue.record("decoded")
    } catch {
        #expect(error.code == .lineTooLong)
    }
}

@Test func anUnknownFieldIsReportedBeforeAMissingOne() {
    // "secnods" was meant as "seconds": saying it is unknown helps more than "seconds is missing".
    let error = requestError(submit(#""model":"5b","mode":"ancestral","secnods":20"#))
    #expect(error == .unknownField("secnods"))
}

@Test func theErrorReplyEchoesTheIDWhenItCanBeRead() throws {
    let text = #"{"op":"status","id":"q1","bogus":1}"#
    let message = try lineParser.parse(text)
    let error = requestError(text)!
    let reply = Reply(error: error, in: message)
    #expect(
        reply.jsonValue.serialized()
            == #"{"type":"error","id":"q1","error":{"code":"unknown_field","message":"unknown field \"bogus\"","field":"bogus"}}"#
    )
    let anonymous = Reply(error: .json(.incomplete(offset: 3)), in: nil)
    #expect(anonymous.jsonValue["id"] == .null)
    #expect(anonymous.jsonValue["error"]?["code"] == "bad_json")
}
