import JukeboxClient
import JukeboxJSON
import JukeboxProtocol
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The error `body` throws, or nil.
private func clientError(_ body: () throws(ClientError) -> Void) -> ClientError? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}

@Test func readsTheGreetingThenAnswersARequest() throws {
    let status = StatusResult(
        uptimeS: 12, jobsQueued: 1, jobsRunning: 0, modelsLoaded: ["tiny"], memoryBudgetBytes: 1 << 30,
        memoryUsedBytes: 1 << 20)
    let server = ScriptedServer(script: [.read, .send(reply(1, .status(status)))])
    let connection = try Connection(path: server.path)
    #expect(connection.hello.protocolVersion == 1)
    #expect(connection.hello.limits.queueLimit == 16)
    let id = try connection.send(.status)
    #expect(id == .integer(1))
    let received = try connection.receive()
    #expect(received.reply == Reply(id: .integer(1), body: .status(status)))
    #expect(String(decoding: received.line, as: UTF8.self) == reply(1, .status(status)))
    server.wait()
    #expect(server.requests == [["op": "status", "id": 1]])
}

@Test func linesSplitAcrossWritesAndGreetingSharingAChunkAreRead() throws {
    let cancelled = reply(1, .cancelled(job: job("j1")))
    let greeting = ScriptedServer.hello()
    // The greeting's last bytes and the first half of the reply arrive together.
    let server = ScriptedServer(
        greeting: nil,
        script: [
            .sendRaw(Array(greeting.dropLast(3).utf8)),
            .sendRaw(Array((String(greeting.suffix(3)) + "\n\n" + cancelled.prefix(10)).utf8)),
            .read, .sendRaw(Array((cancelled.dropFirst(10) + "\r\n").utf8)),
        ])
    let connection = try Connection(path: server.path)
    try connection.send(.cancel(job: job("j1")))
    #expect(try connection.receive().reply.body == .cancelled(job: job("j1")))
}

@Test func anotherProtocolVersionIsRefused() {
    let server = ScriptedServer(greeting: ScriptedServer.hello(protocolVersion: 2), script: [])
    let error = clientError { () throws(ClientError) in _ = try Connection(path: server.path) }
    #expect(error == .protocolMismatch(server: 2, client: 1))
    #expect(error?.exitStatus == ExitStatus.protocolError)
}

@Test func aFirstLineThatIsNotAGreetingIsAProtocolError() {
    let server = ScriptedServer(greeting: reply(1, .cancelled(job: job("j1"))), script: [])
    let error = clientError { () throws(ClientError) in _ = try Connection(path: server.path) }
    guard case .badReply(let reason)? = error else {
        Issue.record("expected badReply, got \(String(describing: error))")
        return
    }
    #expect(reason.contains("hello"))
    #expect(error?.exitStatus == 76)
}

@Test func aMissingSocketNamesThePathAndWhatToCheck() {
    let path = "/tmp/jukebox-client-test-nothing-here.sock"
    let error = clientError { () throws(ClientError) in _ = try Connection(path: path) }
    #expect(error == .cannotConnect(path: path, errno: ENOENT))
    #expect(error?.exitStatus == 69)
    let text = error?.description ?? ""
    #expect(text.contains(path) && text.contains("systemctl status jukeboxd") && text.contains("--socket"))
}

@Test func anOperationTheDaemonDoesNotServeIsRefusedBeforeSending() throws {
    let server = ScriptedServer(greeting: ScriptedServer.hello(operations: [.status]), script: [.read])
    let connection = try Connection(path: server.path)
    let error = clientError { () throws(ClientError) in try connection.send(.jobs) }
    #expect(error == .unsupported(operation: .jobs, served: [.status]))
    #expect(error?.exitStatus == 69)
}

@Test func aRequestOverTheDaemonsLineLimitIsNotSent() throws {
    let server = ScriptedServer(greeting: ScriptedServer.hello(maxLineBytes: 65536), script: [.read])
    let connection = try Connection(path: server.path)
    let submit = SubmitRequest(
        model: "tiny", mode: .primed, primer: .bytes([UInt8](repeating: 7, count: 60000)), seconds: 5)
    let error = clientError { () throws(ClientError) in try connection.send(.submit(submit)) }
    guard case .requestTooLarge(let bytes, let limit)? = error else {
        Issue.record("expected requestTooLarge, got \(String(describing: error))")
        return
    }
    #expect(bytes > 80000 && limit == 65536)
    #expect(error?.exitStatus == 65)
    #expect(error?.description.contains("--primer-path") == true)
}

@Test func aDaemonThatClosesMidStreamIsAnIOError() throws {
    let server = ScriptedServer(script: [
        .read, .send(reply(1, .accepted(AcceptedEvent(job: job("j1"), queuePosition: 0, seed: 1)))),
    ])
    let connection = try Connection(path: server.path)
    try connection.send(.watch(job: job("j1")))
    _ = try connection.receive()
    let error = clientError { () throws(ClientError) in _ = try connection.receive() }
    #expect(error == .connectionLost)
    #expect(error?.exitStatus == 74)
}

@Test func aLineThatIsNotJSONIsAProtocolError() throws {
    let server = ScriptedServer(script: [.read, .send("{\"type\":\"status\",")])
    let connection = try Connection(path: server.path)
    try connection.send(.status)
    let error = clientError { () throws(ClientError) in _ = try connection.receive() }
    guard case .badReply? = error else {
        Issue.record("expected badReply, got \(String(describing: error))")
        return
    }
}

@Test func linesOfUnknownKindsAreSkipped() throws {
    let done = reply(1, .cancelled(job: job("j1")))
    let server = ScriptedServer(script: [.read, .send(#"{"type":"sparkle","id":1,"glitter":true}"#), .send(done)])
    let connection = try Connection(path: server.path)
    try connection.send(.cancel(job: job("j1")))
    #expect(try connection.receive().reply.body == .cancelled(job: job("j1")))
}

@Test func theInterruptDescriptorStopsABlockedRead() throws {
    var fds: [Int32] = [0, 0]
    #expect(pipe(&fds) == 0)
    defer {
        close(fds[0])
        close(fds[1])
    }
    let writeEnd = fds[1]
    let server = ScriptedServer(script: [
        .read,
        .action {
            var byte: UInt8 = 1
            _ = write(writeEnd, &byte, 1)
        },
        .read,
    ])
    let connection = try Connection(path: server.path, interruptFD: fds[0])
    try connection.send(.watch(job: job("j1")))
    let error = clientError { () throws(ClientError) in _ = try connection.receive() }
    #expect(error == .interrupted(job: nil))
}
