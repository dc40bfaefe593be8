import JukeboxJSON
import JukeboxProtocol
import Testing

/// One request of every operation, and of every submit mode.
let everyRequest: [Request] = [
    Request(id: .integer(1), body: .models),
    Request(id: .string("labels-1"), body: .labels(LabelsRequest(model: "5b_lyrics", artistQuery: "fitz", limit: 5))),
    Request(id: .integer(2), body: .labels(LabelsRequest(model: "5b", genreQuery: "pop"))),
    Request(id: .integer(3), body: .submit(SubmitRequest(model: "5b", mode: .ancestral, seconds: 20))),
    Request(
        id: .string("s"),
        body: .submit(
            SubmitRequest(
                model: "5b_lyrics", mode: .primed, primer: .bytes(Array("RIFF....WAVEfmt ".utf8) + [0, 1, 2, 255]),
                artist: "The Beatles", genres: ["pop", "rock"], lyrics: "Hey, \"Jude\"\nline two", promptSeconds: 12.5,
                seconds: 45, songSeconds: 180, offsetSeconds: 30, takes: 4, seed: 1234,
                temperatures: [0.98, 0.99, 0.995], topK: 0, topP: 0.9, levels: [2, 1], hopFractions: [0.25, 0.5, 0.5],
                format: .flac, watch: true))),
    Request(
        id: .integer(-7),
        body: .submit(
            SubmitRequest(model: "1b_lyrics", mode: .primed, primer: .path("/home/me/verse.wav"), seconds: 10))),
    Request(
        id: .integer(4),
        body: .submit(
            SubmitRequest(
                model: "5b", mode: .continue, source: TakeReference(job: job("j-1"), take: 2), seconds: 15, topK: 40))),
    Request(
        id: .integer(5),
        body: .submit(
            SubmitRequest(
                model: "5b", mode: .upsample, source: TakeReference(job: job("j_2"), take: 0), seconds: nil, levels: [0]
            ))),
    Request(
        id: .integer(11),
        body: .estimate(
            SubmitRequest(
                model: "5b", mode: .continue, source: TakeReference(job: job("j-1"), take: 2), seconds: 15, takes: 2,
                levels: [2, 1]))),
    Request(id: .integer(6), body: .watch(job: job("abc"))),
    Request(id: .integer(7), body: .jobs),
    Request(id: .integer(8), body: .cancel(job: job("abc"))),
    Request(id: .integer(9), body: .fetch(FetchRequest(job: job("abc"), take: 1, level: 0, format: .flac))),
    Request(id: .integer(10), body: .fetch(FetchRequest(job: job("abc"), take: 0, level: 2, tokens: true))),
    Request(id: .integer(11), body: .fetch(FetchRequest(job: job("abc"), take: 2, format: .wav, preview: true))),
    Request(id: .integer(12), body: .dropTake(job: job("abc"), take: 1)),
    Request(id: .integer(Int64.max), body: .status),
    Request(id: .integer(12), body: .remove(job: job("abc"))),
    Request(id: .integer(13), body: .prune(PruneRequest(olderThanDays: 30))),
    Request(id: .integer(14), body: .labels(LabelsRequest(model: "tiny", artistQuery: "bach", exact: true))),
]

@Test(arguments: everyRequest)
func requestRoundTrips(_ request: Request) throws {
    #expect(try roundTrip(request) == request)
}

@Test func everyOperationHasARoundTripCase() {
    let covered = Set(everyRequest.map(\.body.operation))
    #expect(covered == Set(Operation.allCases))
    let modes = Set(
        everyRequest.compactMap { request -> GenerationMode? in
            if case .submit(let submit) = request.body { return submit.mode }
            return nil
        })
    #expect(modes == Set(GenerationMode.allCases))
}

@Test func requestsStartWithOpAndID() {
    let text = Request(id: .string("x"), body: .watch(job: job("j1"))).jsonValue.serialized()
    #expect(text == #"{"op":"watch","id":"x","job":"j1"}"#)
}

@Test func minimalRequestsGetTheirDefaults() throws {
    let submit = try decodeRequest(#"{"op":"submit","id":1,"model":"5b","mode":"ancestral","seconds":20}"#)
    guard case .submit(let s) = submit.body else {
        Issue.record("not a submit")
        return
    }
    #expect(s == SubmitRequest(model: "5b", mode: .ancestral, seconds: 20))
    #expect(s.takes == 3 && s.levels == [2, 1, 0] && s.temperatures == [0.98, 0.99, 0.99])
    #expect(s.hopFractions == [0.125, 0.5, 0.5] && s.format == .wav && !s.watch && s.topK == 0 && s.topP == nil)

    let upsample = try decodeRequest(#"{"op":"submit","id":1,"model":"5b","mode":"upsample","job":"j"}"#)
    guard case .submit(let u) = upsample.body else {
        Issue.record("not a submit")
        return
    }
    #expect(u.levels == [1, 0] && u.source == TakeReference(job: job("j"), take: 0))

    let fetch = try decodeRequest(#"{"op":"fetch","id":"f","job":"j"}"#)
    #expect(fetch.body == .fetch(FetchRequest(job: job("j"))))

    let labels = try decodeRequest(#"{"op":"labels","id":1,"model":"5b"}"#)
    #expect(labels.body == .labels(LabelsRequest(model: "5b", limit: LabelsRequest.defaultLimit)))
}

@Test func aSingleTemperatureAppliesToEveryLevel() throws {
    let request = try decodeRequest(
        #"{"op":"submit","id":1,"model":"5b","mode":"ancestral","seconds":20,"temperature":0.95}"#)
    guard case .submit(let s) = request.body else {
        Issue.record("not a submit")
        return
    }
    #expect(s.temperatures == [0.95, 0.95, 0.95])
}

@Test func nullCountsAsAbsentAndIntegralNumbersAsIntegers() throws {
    let request = try decodeRequest(
        #"{"op":"submit","id":1,"model":"5b","mode":"ancestral","seconds":20,"seed":null,"takes":2.0}"#)
    guard case .submit(let s) = request.body else {
        Issue.record("not a submit")
        return
    }
    #expect(s.seed == nil && s.takes == 2)
}

@Test func idsAreEchoedVerbatim() throws {
    #expect(try decodeRequest(#"{"op":"status","id":"αβ \"q\""}"#).id == .string("αβ \"q\""))
    #expect(try decodeRequest(#"{"id":-3,"op":"status"}"#).id == .integer(-3))
    #expect(RequestID.peek(in: try lineParser.parse(#"{"op":"nope","id":42}"#)) == .integer(42))
    #expect(RequestID.peek(in: try lineParser.parse(#"{"op":"nope","id":[1]}"#)) == nil)
    #expect(RequestID.peek(in: try lineParser.parse(#"[1]"#)) == nil)
}

@Test func aPrimerOfBase64RoundTripsItsBytes() throws {
    let bytes = (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }
    let request = Request(
        id: .integer(1), body: .submit(SubmitRequest(model: "m", mode: .primed, primer: .bytes(bytes), seconds: 1)))
    let text = request.jsonValue.serialized()
    #expect(text.contains(#""primer_base64":""# + Base64.encode(bytes) + "\""))
    #expect(try roundTrip(request) == request)
}

extension Request: CustomTestStringConvertible {
    public var testDescription: String { "\(body.operation.rawValue) #\(id)" }
}
