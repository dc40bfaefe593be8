import Foundation
import JukeboxClient
import JukeboxJSON
import JukeboxProtocol
import Testing

#if canImport(Glibc)
    import Glibc
#endif

private let j1 = job("j1")
private let accepted = reply(1, .accepted(AcceptedEvent(job: j1, queuePosition: 0, seed: 42)))
private let progress = reply(
    1,
    .progress(
        ProgressEvent(
            job: j1, stage: .sample, level: 2, window: 1, windows: 4, completed: 2048, total: 8192, tokensPerS: 41.5,
            etaS: 148)))
private let levelDone = reply(1, .levelDone(LevelDoneEvent(job: j1, level: 2, durationS: 4)))

/// The audio reply to fetch request `id` for `take` at `level`: a fake file whose bytes name them.
private func audio(_ id: Int64, take: Int, level: Int = 0, format: AudioFormat = .wav) -> String {
    reply(
        id,
        .audio(
            AudioResult(
                job: j1, take: take, level: level, format: format, sampleRateHz: 44100, durationS: 4,
                audio: Array("RIFF take \(take) level \(level)".utf8))))
}

/// A primed submit request for `takes` takes.
private func primed(takes: Int, levels: [Int]? = nil, model: String = "tiny") -> SubmitRequest {
    SubmitRequest(
        model: model, mode: .primed, primer: .bytes(Array("primer bytes".utf8)), genres: ["pop"], seconds: 4,
        takes: takes, seed: 42, levels: levels)
}

/// The contents of a file as text.
private func text(_ path: String) -> String? {
    (try? FileIO.read(path)).map { String(decoding: $0, as: UTF8.self) }
}

@Test func aForegroundSubmitFollowsTheJobAndWritesEveryTake() throws {
    let server = ScriptedServer(script: [
        .read, .send(accepted), .send(progress), .send(levelDone),
        .send(reply(1, .done(DoneEvent(job: j1, takes: 2, durationS: 4)))),
        .read, .send(audio(2, take: 0)), .read, .send(audio(3, take: 1)),
    ])
    let folder = temporaryFolder()
    defer { removeFolder(folder) }
    let console = RecordingConsole()
    let client = Client(socketPath: server.path, console: console)
    let status = client.submit(primed(takes: 2), output: folder + "/song.wav", detach: false)
    server.wait()

    #expect(status == 0)
    #expect(console.stdout == [folder + "/song-1.wav", folder + "/song-2.wav"])
    #expect(text(folder + "/song-1.wav") == "RIFF take 0 level 0")
    #expect(text(folder + "/song-2.wav") == "RIFF take 1 level 0")
    #expect(files(in: folder) == ["song-1.wav", "song-2.wav"])  // no temporary file left

    let requests = server.requests
    #expect(requests.count == 3)
    #expect(requests[0]["op"] == "submit" && requests[0]["watch"] == true && requests[0]["mode"] == "primed")
    #expect(requests[0]["primer_base64"] == .string(Base64.encode(Array("primer bytes".utf8))))
    #expect(
        requests[1] == ["op": "fetch", "id": 2, "job": "j1", "take": 0, "level": 0, "tokens": false, "format": "wav"])
    #expect(requests[2]["take"] == 1)
    #expect(console.stderr.contains { $0.contains("job j1 queued at position 0 (seed 42)") })
    #expect(console.stderr.contains { $0.contains("level 2 sample 1/4") && $0.contains("2048/8192 tokens") })
    #expect(console.stderr.contains { $0.contains("level 2 done") })
}

@Test func aPreviewWritesTheTopLevelOfTheOnlyTakeToTheOutputItself() throws {
    let server = ScriptedServer(script: [
        .read, .send(accepted), .send(reply(1, .done(DoneEvent(job: j1, takes: 1, durationS: 4)))),
        .read, .send(audio(2, take: 0, level: 2)),
    ])
    let folder = temporaryFolder()
    defer { removeFolder(folder) }
    let console = RecordingConsole()
    let status = Client(socketPath: server.path, console: console).submit(
        primed(takes: 1, levels: [2]), output: folder + "/preview.wav", detach: false)
    server.wait()
    #expect(status == 0)
    #expect(console.stdout == [folder + "/preview.wav"])
    #expect(text(folder + "/preview.wav") == "RIFF take 0 level 2")
    #expect(server.requests[1]["level"] == 2)
}

@Test func detachingPrintsTheJobIdAndDoesNotWatch() {
    let server = ScriptedServer(script: [.read, .send(accepted), .read])
    let console = RecordingConsole()
    let status = Client(socketPath: server.path, console: console).submit(primed(takes: 1), output: nil, detach: true)
    server.wait()
    #expect(status == 0)
    #expect(console.stdout == ["j1"])
    #expect(server.requests.count == 1)
    #expect(server.requests[0]["watch"] == false)
}

@Test func jsonEchoesEveryLineVerbatimAndNothingElse() {
    let done = reply(1, .done(DoneEvent(job: j1, takes: 1, durationS: 4)))
    let fetched = audio(2, take: 0)
    let server = ScriptedServer(script: [
        .read, .send(accepted), .send(progress), .send(levelDone), .send(done), .read, .send(fetched),
    ])
    let folder = temporaryFolder()
    defer { removeFolder(folder) }
    let console = RecordingConsole()
    let status = Client(socketPath: server.path, json: true, console: console).submit(
        primed(takes: 1), output: folder + "/one.flac", detach: false)
    server.wait()
    #expect(status == 0)
    #expect(console.stdout == [accepted, progress, levelDone, done, fetched])
    #expect(text(folder + "/one.flac") == "RIFF take 0 level 0")
    #expect(!console.stderr.contains { $0.contains("queued") })  // no progress for people
}

@Test func aRefusedSubmitShowsTheDaemonsMessageAndExitsWithADataError() {
    let refusal = errorReply(1, .unknownGenre, "unknown genre \"polka\"; see labels", field: "genres[0]")
    let server = ScriptedServer(script: [.read, .send(refusal)])
    let console = RecordingConsole()
    let status = Client(socketPath: server.path, console: console).submit(
        primed(takes: 1), output: "/tmp/never.wav", detach: false)
    #expect(status == 65)
    #expect(console.stderr == ["jukebox: unknown genre \"polka\"; see labels [genres[0]] (unknown_genre)"])
    #expect(console.stdout.isEmpty)
}

@Test func aFailedJobExitsWithOne() {
    let failed = reply(1, .failed(FailedEvent(job: j1, error: ErrorReply(code: .internal, message: "out of memory"))))
    let server = ScriptedServer(script: [.read, .send(accepted), .send(failed)])
    let console = RecordingConsole()
    let status = Client(socketPath: server.path, console: console).submit(
        primed(takes: 1), output: "/tmp/never.wav", detach: false)
    #expect(status == 1)
    #expect(console.stderr.last == "jukebox: job j1 failed: out of memory (internal)")
}

@Test func aCancelledJobExitsWith130() {
    let server = ScriptedServer(script: [.read, .send(accepted), .send(reply(1, .cancelled(job: j1)))])
    let console = RecordingConsole()
    let status = Client(socketPath: server.path, console: console).submit(
        primed(takes: 1), output: "/tmp/never.wav", detach: false)
    #expect(status == 130)
    #expect(console.stderr.last == "jukebox: job j1 was cancelled")
}

@Test func aDaemonThatClosesMidJobIsAnIOError() {
    let server = ScriptedServer(script: [.read, .send(accepted), .send(progress)])
    let console = RecordingConsole()
    let status = Client(socketPath: server.path, console: console).submit(
        primed(takes: 1), output: "/tmp/never.wav", detach: false)
    #expect(status == 74)
    #expect(console.stderr.last?.contains("closed the connection") == true)
}

@Test func interruptingDetachesAndSaysHowToWatchOrCancel() {
    var fds: [Int32] = [0, 0]
    #expect(pipe(&fds) == 0)
    defer {
        close(fds[0])
        close(fds[1])
    }
    let writeEnd = fds[1]
    let server = ScriptedServer(script: [
        .read, .send(accepted), .send(progress),
        .action {
            var byte: UInt8 = 1
            _ = write(writeEnd, &byte, 1)
        },
        .read,  // the client closes without sending anything more: no cancel
    ])
    let console = RecordingConsole()
    let status = Client(socketPath: server.path, console: console, interruptFD: fds[0]).submit(
        primed(takes: 1), output: "/tmp/never.wav", detach: false)
    server.wait()
    #expect(status == 130)
    let message = console.stderr.last ?? ""
    #expect(message.contains("job j1 keeps running"))
    #expect(message.contains("jukebox watch j1") && message.contains("jukebox cancel j1"))
    #expect(server.requests.count == 1)
}

@Test func withoutAModelTheDaemonsOnlyModelIsUsed() {
    let models = reply(
        1, .models([ModelInfo(name: "tiny", sampleRateHz: 44100, levels: 3, lyrics: true, loaded: false)]))
    let server = ScriptedServer(script: [
        .read, .send(models), .read, .send(reply(2, .accepted(AcceptedEvent(job: j1, queuePosition: 3, seed: 1)))),
    ])
    let console = RecordingConsole()
    let status = Client(socketPath: server.path, console: console).submit(
        primed(takes: 1, model: ""), output: nil, detach: true)
    server.wait()
    #expect(status == 0)
    #expect(server.requests.map { $0["op"] } == ["models", "submit"])
    #expect(server.requests[1]["model"] == "tiny")
}

@Test func withoutAModelAndSeveralOnTheDaemonTheUserMustChoose() {
    let info = { (name: String) in ModelInfo(name: name, sampleRateHz: 44100, levels: 3, lyrics: true, loaded: false) }
    let server = ScriptedServer(script: [.read, .send(reply(1, .models([info("1b"), info("5b")]))), .read])
    let console = RecordingConsole()
    let status = Client(socketPath: server.path, console: console).submit(
        primed(takes: 1, model: ""), output: nil, detach: true)
    #expect(status == 64)
    #expect(console.stderr == ["jukebox: give --model: the daemon has 1b, 5b"])
}

@Test func watchingAFinishedJobWritesItsTakesAtTheChosenLevel() {
    let server = ScriptedServer(script: [
        .read, .send(reply(1, .done(DoneEvent(job: j1, takes: 2, durationS: 4)))),
        .read, .send(audio(2, take: 0, level: 1)), .read, .send(audio(3, take: 1, level: 1)),
    ])
    let folder = temporaryFolder()
    defer { removeFolder(folder) }
    let console = RecordingConsole()
    let status = Client(socketPath: server.path, console: console).watch(
        j1, output: folder + "/w.wav", level: 1, format: nil)
    server.wait()
    #expect(status == 0)
    #expect(console.stdout == [folder + "/w-1.wav", folder + "/w-2.wav"])
    #expect(server.requests[0] == ["op": "watch", "id": 1, "job": "j1"])
    #expect(server.requests[1]["level"] == 1 && server.requests[1]["format"] == nil)
}

@Test func watchingAnUnknownJobExitsWithNoInput() {
    let server = ScriptedServer(script: [.read, .send(errorReply(1, .notFound, "no job \"zz\""))])
    let console = RecordingConsole()
    let status = Client(socketPath: server.path, console: console).watch(
        job("zz"), output: nil, level: nil, format: nil)
    #expect(status == 66)
    #expect(console.stderr == ["jukebox: no job \"zz\" (not_found)"])
}

@Test func anUnwritableOutputExitsWithCannotCreate() {
    let server = ScriptedServer(script: [
        .read, .send(reply(1, .done(DoneEvent(job: j1, takes: 1, durationS: 4)))), .read, .send(audio(2, take: 0)),
    ])
    let console = RecordingConsole()
    let status = Client(socketPath: server.path, console: console).watch(
        j1, output: "/nonexistent-folder/out.wav", level: 0, format: nil)
    #expect(status == 73)
    #expect(console.stderr.last?.contains("cannot write /nonexistent-folder/out.wav") == true)
}
