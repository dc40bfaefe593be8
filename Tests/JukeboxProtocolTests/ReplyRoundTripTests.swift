import JukeboxJSON
import JukeboxProtocol
import Testing

/// One reply of every kind.
let everyReply: [Reply] = [
    Reply(
        id: nil,
        body: .hello(
            Hello(
                operations: [.status],
                limits: ServerLimits(
                    maxLineBytes: ProtocolLimits.defaultMaxLineBytes, maxPrimerSeconds: 60, queueLimit: 16)))),
    Reply(
        id: .integer(1),
        body: .models([
            ModelInfo(name: "5b_lyrics", sampleRateHz: 44100, levels: 3, lyrics: true, loaded: false),
            ModelInfo(name: "5b", sampleRateHz: 44100, levels: 3, lyrics: false, loaded: true),
            ModelInfo(
                name: "tiny", sampleRateHz: 44100, levels: 3, lyrics: true, loaded: false, sizeBytes: 1_234_567,
                labelVersion: 2, trained: false, summary: "random weights"),
        ])),
    Reply(
        id: .string("l"),
        body: .labels(
            LabelsResult(
                model: "5b", artists: [Label(name: "the beatles", labelID: 12)],
                genres: [Label(name: "pop", labelID: 3), Label(name: "pop rock", labelID: 77)]))),
    Reply(
        id: .integer(2),
        body: .jobs([
            JobSummary(
                job: job("j1"), state: .queued, model: "5b", mode: .primed, takes: 3, queuePosition: 0,
                createdUnixS: 1_790_000_000),
            JobSummary(
                job: job("j2"), state: .queued, model: "5b", mode: .primed, takes: 3, queuePosition: 1,
                createdUnixS: 1_790_000_001, startsInS: 3600.5),
            JobSummary(
                job: job("j3"), state: .running, model: "5b", mode: .primed, takes: 3, createdUnixS: 1_789_999_500,
                remainingS: 120),
            JobSummary(
                job: job("j0"), state: .done, model: "5b", mode: .ancestral, takes: 1, createdUnixS: 1_789_999_000),
            JobSummary(
                job: job("j4"), state: .done, model: "5b", mode: .continue, takes: 2, createdUnixS: 1_790_000_002,
                seed: Int64.max, durationS: 36.5, parent: TakeReference(job: job("j0"), take: 15)),
        ])),
    Reply(id: .integer(3), body: .jobs([])),
    Reply(
        id: .integer(4),
        body: .status(
            StatusResult(
                uptimeS: 12.5, jobsQueued: 1, jobsRunning: 1, modelsLoaded: ["5b"], memoryBudgetBytes: 12 << 30,
                memoryUsedBytes: 5 << 30))),
    Reply(
        id: .integer(5),
        body: .audio(
            AudioResult(
                job: job("j1"), take: 1, level: 0, format: .flac, sampleRateHz: 44100, durationS: 45.25,
                audio: Array("fLaC".utf8) + [0, 0, 0, 34, 255]))),
    Reply(id: .integer(6), body: .tokens(TokensResult(job: job("j1"), take: 0, level: 2, tokens: [0, 2047, 17, 5]))),
    Reply(id: .integer(7), body: .accepted(AcceptedEvent(job: job("j1"), queuePosition: 2, seed: 99))),
    Reply(
        id: .integer(7),
        body: .accepted(
            AcceptedEvent(job: job("j1"), queuePosition: 1, seed: 99, estimate: sampleEstimate, startsInS: 61.25))),
    Reply(id: .integer(11), body: .estimate(sampleEstimate)),
    Reply(
        id: .integer(7),
        body: .progress(
            ProgressEvent(
                job: job("j1"), stage: .sample, level: 2, window: 1, windows: 4, completed: 2048, total: 8192,
                tokensPerS: 41.5, etaS: 148))),
    Reply(id: .integer(7), body: .progress(ProgressEvent(job: job("j1"), stage: .load, completed: 0, total: 100))),
    Reply(id: .integer(7), body: .levelDone(LevelDoneEvent(job: job("j1"), level: 2, durationS: 45))),
    Reply(id: .integer(7), body: .done(DoneEvent(job: job("j1"), takes: 3, durationS: 45))),
    Reply(id: .integer(7), body: .done(DoneEvent(job: job("j1"), takes: 3, durationS: 45, level: 2))),
    Reply(
        id: .integer(7),
        body: .done(DoneEvent(job: job("j1"), takes: 3, durationS: 45, level: 0, droppedTakes: [2, 0]))
    ),
    Reply(id: .integer(7), body: .preview(PreviewEvent(job: job("j1"), take: 1, level: 2, durationS: 12.5))),
    Reply(id: .integer(12), body: .takeDropped(TakeDropped(job: job("j1"), take: 1, takesLeft: 2))),
    Reply(
        id: .integer(8),
        body: .failed(FailedEvent(job: job("j2"), error: ErrorReply(code: .badAudio, message: "primer is empty")))),
    Reply(
        id: .integer(8),
        body: .paused(
            PausedEvent(job: job("j2"), error: ErrorReply(code: .diskFull, message: "no space left"), retryS: 30))),
    Reply(id: .integer(9), body: .cancelled(job: job("j3"))),
    Reply(id: .integer(10), body: .error(ErrorReply(code: .unknownField, message: "unknown field \"x\"", field: "x"))),
    Reply(id: nil, body: .error(ErrorReply(code: .lineTooLong, message: "line of 70000000 bytes"))),
    Reply(id: .integer(12), body: .removed(RemovedResult(jobs: [job("j1"), job("j2")], freedBytes: 123_456))),
    Reply(id: .integer(13), body: .removed(RemovedResult(jobs: [], freedBytes: 0))),
    Reply(
        id: .integer(14),
        body: .done(
            DoneEvent(
                job: job("j1"), takes: 3, durationS: 45, level: 0,
                times: JobTimes(
                    startedUnixS: 1_790_000_000, finishedUnixS: 1_790_000_100,
                    levels: [LevelCompute(level: 2, computeS: 60.5), LevelCompute(level: 1, computeS: 39.25)])))),
    Reply(
        id: .integer(15),
        body: .jobs([
            JobSummary(
                job: job("j4"), state: .done, model: "5b", mode: .ancestral, takes: 1, createdUnixS: 1_789_999_000,
                times: JobTimes(
                    startedUnixS: 1_789_999_010, finishedUnixS: 1_789_999_070,
                    levels: [LevelCompute(level: 2, computeS: 60)]))
        ])),
    Reply(
        id: .integer(16),
        body: .models([
            ModelInfo(
                name: "tiny", sampleRateHz: 44100, levels: 3, lyrics: true, loaded: false,
                levelHops: [
                    LevelHop(level: 2, hopSamples: 128, tokensPerS: 344.53125),
                    LevelHop(level: 1, hopSamples: 32, tokensPerS: 1378.125),
                    LevelHop(level: 0, hopSamples: 8, tokensPerS: 5512.5),
                ])
        ])),
    Reply(
        id: .integer(17),
        body: .status(
            StatusResult(
                uptimeS: 1, jobsQueued: 0, jobsRunning: 0, modelsLoaded: [], memoryBudgetBytes: 1 << 30,
                memoryUsedBytes: 1 << 20, stateBytes: 4096, stateFreeBytes: 1 << 30))),
    Reply(
        id: .integer(18),
        body: .status(
            StatusResult(
                uptimeS: 2, jobsQueued: 1, jobsRunning: 1, modelsLoaded: ["5b", "5b_lyrics"],
                memoryBudgetBytes: 24 << 30, memoryUsedBytes: 9 << 30, modelsLoadedBytes: 21 << 30,
                modelsUnloaded: 3))),
]

/// An estimate of two levels, the second one corrected.
let sampleEstimate = WorkEstimate(
    levels: [
        WorkEstimate.Level(level: 2, timeS: 11520, floorS: 11520, newTokens: 2584, refedTokens: 7168, corrections: 0),
        WorkEstimate.Level(level: 1, timeS: 9000.5, floorS: 3000, newTokens: 10336, refedTokens: 8192, corrections: 3),
    ], timeS: 20520.5, peakMemoryBytes: 9 << 30, basis: .mixed, sgemmGFLOPS: 95.5, readGBps: 41.25)

@Test func anEstimateReplyHasTheDocumentedShape() {
    let one = WorkEstimate(
        levels: [WorkEstimate.Level(level: 2, timeS: 30, floorS: 10, newTokens: 100, refedTokens: 0, corrections: 2)],
        timeS: 30, peakMemoryBytes: 1024, basis: .corrected, sgemmGFLOPS: 100, readGBps: 20)
    let object = Reply(id: .integer(4), body: .estimate(one)).jsonValue
    #expect(object["type"] == "estimate" && object["id"] == .integer(4))
    #expect(object["estimate"]?["basis"] == "corrected")
    #expect(object["estimate"]?["peak_memory_bytes"] == .integer(1024))
    #expect(object["estimate"]?["levels"]?[0]?["new_tokens"] == .integer(100))
    #expect(object["estimate"]?["levels"]?[0]?["time_s"]?.doubleValue == 30)
}

@Test(arguments: everyReply)
func replyRoundTrips(_ reply: Reply) throws {
    #expect(try roundTrip(reply) == reply)
}

@Test func everyReplyKindHasARoundTripCase() {
    let kinds = Set(everyReply.map(\.body.type))
    #expect(
        kinds == [
            "hello", "models", "labels", "jobs", "status", "audio", "tokens", "accepted", "estimate", "progress",
            "level-done", "done", "failed", "paused", "cancelled", "error", "removed", "preview", "take-dropped",
        ])
}

@Test func theGreetingHasNoIDAndNamesItsVersions() {
    let hello = everyReply[0].jsonValue
    #expect(hello["id"] == nil)
    #expect(hello["type"] == "hello" && hello["protocol"] == .integer(Int64(JukeboxVersion.protocolVersion)))
    #expect(hello["version"] == .string(JukeboxVersion.string) && hello["server"] == "jukeboxd")
    #expect(hello["ops"] == ["status"])
    #expect(hello["limits"]?["max_line_bytes"] == .integer(67_108_864))
}

@Test func errorRepliesHaveTheDocumentedShape() {
    let reply = Reply(id: .integer(3), body: .error(ErrorReply(code: .busy, message: "queue full")))
    #expect(reply.jsonValue.serialized() == #"{"type":"error","id":3,"error":{"code":"busy","message":"queue full"}}"#)
    #expect(reply.line.last == UInt8(ascii: "\n") && reply.line.dropLast().contains(UInt8(ascii: "\n")) == false)
}

@Test func doneCarriesComputeTimeInSecondsPerLevel() {
    let text = everyReply.first { $0.id == .integer(14) }!.jsonValue.serialized()
    #expect(
        text
            == #"{"type":"done","id":14,"job":"j1","takes":3,"duration_s":45.0,"level":0,"started_unix_s":1790000000,"finished_unix_s":1790000100,"compute_s":99.75,"level_compute":[{"level":2,"compute_s":60.5},{"level":1,"compute_s":39.25}]}"#
    )
}

@Test func progressUsesUnitsInFieldNames() {
    let text = everyReply.first { $0.body.type == "progress" }!.jsonValue.serialized()
    #expect(
        text
            == #"{"type":"progress","id":7,"job":"j1","stage":"sample","level":2,"window":1,"windows":4,"completed":2048,"total":8192,"tokens_per_s":41.5,"eta_s":148.0}"#
    )
}

@Test func repliesIgnoreMembersALaterDaemonAdds() throws {
    let line = #"{"type":"done","id":1,"job":"j","takes":2,"duration_s":3.5,"bitrate_kbps":900}"#
    let reply = try Reply(line: Array(line.utf8), parser: lineParser)
    #expect(reply.body == .done(DoneEvent(job: job("j"), takes: 2, durationS: 3.5)))
}

@Test func anErrorCodeThisReleaseDoesNotKnowReadsAsInternal() throws {
    let line = #"{"type":"error","id":1,"error":{"code":"gpu_on_fire","message":"hot"}}"#
    let reply = try Reply(line: Array(line.utf8), parser: lineParser)
    #expect(reply.body == .error(ErrorReply(code: .internal, message: "hot")))
}

@Test func badRepliesNameTheirMember() {
    func error(_ line: String) -> MessageError? {
        do {
            _ = try Reply(line: Array(line.utf8), parser: lineParser)
            return nil
        } catch { return error }
    }
    #expect(error(#"{"id":1}"#) == .missingField("type"))
    #expect(error(#"{"type":"party","id":1}"#) == .unknownOperation("party"))
    #expect(error(#"{"type":"done","id":1,"job":"j","takes":"2","duration_s":1}"#)?.field == "takes")
    #expect(error(#"{"type":"models","id":1,"models":[{"name":"m"}]}"#) == .missingField("models[0].sample_rate_hz"))
    #expect(
        error(
            #"{"type":"audio","id":1,"job":"j","take":0,"level":0,"format":"wav","sample_rate_hz":1,"duration_s":1,"audio_base64":"@@@@"}"#
        )?.field == "audio_base64")
    #expect(error(#"{"type":"hello","protocol":1,"version":"x","ops":[],"limits":3}"#) == .notAnObject(field: "limits"))
}

@Test func onlyStreamEventsLeaveARequestOpen() {
    for reply in everyReply {
        let open = ["hello", "progress", "level-done", "paused", "preview"].contains(reply.body.type)
        #expect(reply.body.endsRequest == !open, "\(reply.body.type)")
    }
}

extension Reply: CustomTestStringConvertible {
    public var testDescription: String { "\(body.type) #\(id.map { "\($0)" } ?? "-")" }
}
