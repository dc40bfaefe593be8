import JukeboxClient
import JukeboxProtocol
import Testing

/// The table of jukebox(1), EXIT STATUS, written out independently of the code.
private let documented: [ErrorCode: Int32] = [
    .badJSON: 76, .lineTooLong: 65, .tooDeep: 76, .badRequest: 76, .unknownOp: 69, .unknownField: 76,
    .missingField: 76, .invalidField: 65, .outOfRange: 65, .unknownModel: 65, .unknownArtist: 65,
    .unknownGenre: 65, .badAudio: 65, .busy: 75, .notFound: 66, .notReady: 75, .forbidden: 77, .cancelled: 130,
    .shuttingDown: 69, .internal: 70, .numericError: 70, .crashed: 70, .diskFull: 75, .timeout: 75,
    .noSpace: 75, .jobActive: 65, .lastTake: 65, .jobEnded: 65,
]

@Test func everyErrorCodeHasTheDocumentedExitStatus() {
    #expect(Set(documented.keys) == Set(ErrorCode.allCases))
    for code in ErrorCode.allCases {
        #expect(ExitStatus.of(code) == documented[code], "\(code.rawValue)")
        let error = ClientError.daemon(ErrorReply(code: code, message: "m"))
        #expect(error.exitStatus == documented[code])
    }
}

@Test func clientSideFailuresHaveTheirOwnStatuses() {
    let failed = ClientError.jobFailed(job: JobID("j1")!, error: ErrorReply(code: .internal, message: "boom"))
    #expect(failed.exitStatus == 1)
    #expect(ClientError.jobCancelled(job: JobID("j1")!).exitStatus == 130)
    #expect(ClientError.interrupted(job: nil).exitStatus == 130)
    #expect(ClientError.cannotConnect(path: "/x", errno: 2).exitStatus == 69)
    #expect(ClientError.connectionLost.exitStatus == 74)
    #expect(ClientError.cannotRead(path: "/x", call: "open", errno: 2).exitStatus == 66)
    #expect(ClientError.cannotWrite(path: "/x", call: "open", errno: 13).exitStatus == 73)
    #expect(ClientError.usage("give --model").exitStatus == 64)
}

@Test func daemonErrorsShowTheirMessageAndCode() {
    let error = ClientError.daemon(
        ErrorReply(code: .unknownArtist, message: "unknown artist \"x\"; see labels", field: "artist"))
    #expect(error.description == "unknown artist \"x\"; see labels (unknown_artist)")
    let unnamed = ClientError.daemon(ErrorReply(code: .outOfRange, message: "must be at most 2", field: "top_p"))
    #expect(unnamed.description == "must be at most 2 [top_p] (out_of_range)")
}
