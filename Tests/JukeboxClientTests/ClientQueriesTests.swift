import JukeboxClient
import JukeboxJSON
import JukeboxProtocol
import Testing

@Test func statusShowsTheDaemonsState() {
    let status = StatusResult(
        serverVersion: "0.1.0", uptimeS: 3725, jobsQueued: 2, jobsRunning: 1, modelsLoaded: ["5b_lyrics"],
        memoryBudgetBytes: 32 << 30, memoryUsedBytes: 3 << 29)
    let server = ScriptedServer(script: [.read, .send(reply(1, .status(status)))])
    let console = RecordingConsole()
    #expect(Client(socketPath: server.path, console: console).status() == 0)
    #expect(
        console.stdout == [
            "socket: \(server.path)", "version: 0.1.0 (protocol 1)", "uptime: 1h02m", "jobs: 2 queued, 1 running",
            "models loaded: 5b_lyrics", "memory: 1.5 GiB used of 32.0 GiB",
        ])
}

@Test func statusShowsTheLoadedModelsBytesAndUnloads() {
    let status = StatusResult(
        serverVersion: "0.1.0", uptimeS: 5, jobsQueued: 0, jobsRunning: 0, modelsLoaded: ["5b"],
        memoryBudgetBytes: 32 << 30, memoryUsedBytes: 1 << 30, modelsLoadedBytes: 3 << 29, modelsUnloaded: 2)
    let server = ScriptedServer(script: [.read, .send(reply(1, .status(status)))])
    let console = RecordingConsole()
    #expect(Client(socketPath: server.path, console: console).status() == 0)
    #expect(console.stdout.contains("models loaded: 5b (1.5 GiB mapped)"))
    #expect(console.stdout.contains("models unloaded: 2"))
}

@Test func jsonPrintsTheReplyOnlyWithoutTheGreeting() {
    let line = reply(1, .jobs([]))
    let server = ScriptedServer(script: [.read, .send(line)])
    let console = RecordingConsole()
    #expect(Client(socketPath: server.path, json: true, console: console).jobs() == 0)
    #expect(console.stdout == [line])
}

@Test func modelsAreATable() {
    let models: [ModelInfo] = [
        ModelInfo(name: "5b_lyrics", sampleRateHz: 44100, levels: 3, lyrics: true, loaded: true),
        ModelInfo(
            name: "tiny", sampleRateHz: 22050, levels: 3, lyrics: false, loaded: false, sizeBytes: 639_071,
            trained: false, summary: "untrained random weights for testing: it sounds like noise"),
        ModelInfo(
            name: "classical", sampleRateHz: 22050, levels: 3, lyrics: false, loaded: false, sizeBytes: 28_692_000,
            trained: true, summary: "trained default: folk and classical"),
        ModelInfo(name: "bare", sampleRateHz: 22050, levels: 3, lyrics: false, loaded: false, trained: false),
    ]
    let server = ScriptedServer(script: [.read, .send(reply(1, .models(models)))])
    let console = RecordingConsole()
    #expect(Client(socketPath: server.path, console: console).models() == 0)
    #expect(
        console.stdout == [
            "NAME       RATE      LEVELS  LYRICS  LOADED  SIZE     WEIGHTS",
            "5b_lyrics  44100 Hz  3       yes     yes     -        -",
            "tiny       22050 Hz  3       no      no      0.6 MB   UNTRAINED (noise)",
            "classical  22050 Hz  3       no      no      28.7 MB  trained",
            "bare       22050 Hz  3       no      no      -        UNTRAINED (noise)",
            "tiny: untrained random weights for testing: it sounds like noise",
            "classical: trained default: folk and classical",
            "bare: untrained random weights",
        ])
}

@Test func labelsAreOneNamePerLineAndTheQueryIsSent() {
    let result = LabelsResult(
        model: "5b", artists: [Label(name: "fitz_and_the_tantrums", labelID: 7)],
        genres: [Label(name: "pop", labelID: 3)])
    let server = ScriptedServer(script: [.read, .send(reply(1, .labels(result)))])
    let console = RecordingConsole()
    let request = LabelsRequest(model: "5b", artistQuery: "fitz", limit: 5)
    #expect(Client(socketPath: server.path, console: console).labels(request) == 0)
    server.wait()
    #expect(console.stdout == ["artist fitz_and_the_tantrums", "genre pop"])
    #expect(server.requests == [["op": "labels", "id": 1, "model": "5b", "artist": "fitz", "limit": 5]])
}

@Test func jobsShowStateAndQueuePosition() {
    let jobs = [
        JobSummary(job: job("a1"), state: .running, model: "tiny", mode: .primed, takes: 3, createdUnixS: 0),
        JobSummary(
            job: job("b2"), state: .queued, model: "tiny", mode: .ancestral, takes: 1, queuePosition: 0,
            createdUnixS: 0),
    ]
    let server = ScriptedServer(script: [.read, .send(reply(1, .jobs(jobs)))])
    let console = RecordingConsole()
    #expect(Client(socketPath: server.path, console: console).jobs() == 0)
    #expect(console.stdout.count == 3)
    #expect(console.stdout[0].hasPrefix("JOB  STATE       MODEL  MODE       TAKES  CREATED"))
    #expect(console.stdout[2].hasPrefix("b2   queued (0)  tiny   ancestral  1      "))
}

@Test func cancelSaysWhatItCancelled() {
    let server = ScriptedServer(script: [.read, .send(reply(1, .cancelled(job: job("j9"))))])
    let console = RecordingConsole()
    #expect(Client(socketPath: server.path, console: console).cancel(job("j9")) == 0)
    server.wait()
    #expect(console.stdout == ["cancelled j9"])
    #expect(server.requests == [["op": "cancel", "id": 1, "job": "j9"]])
}

@Test func aBusyDaemonIsATemporaryFailure() {
    let server = ScriptedServer(script: [.read, .send(errorReply(1, .busy, "the queue is full (16 jobs)"))])
    let console = RecordingConsole()
    #expect(Client(socketPath: server.path, console: console).status() == 75)
    #expect(console.stderr == ["jukebox: the queue is full (16 jobs) (busy)"])
}

@Test func fetchWritesTokensAsAJSONArray() throws {
    let tokens = TokensResult(job: job("j1"), take: 1, level: 2, tokens: [5, 2047, 0])
    let server = ScriptedServer(script: [.read, .send(reply(1, .tokens(tokens)))])
    let folder = temporaryFolder()
    defer { removeFolder(folder) }
    let console = RecordingConsole()
    let request = FetchRequest(job: job("j1"), take: 1, level: 2, tokens: true)
    #expect(Client(socketPath: server.path, console: console).fetch(request, to: folder + "/t.json") == 0)
    server.wait()
    #expect(try FileIO.read(folder + "/t.json") == Array("[5,2047,0]\n".utf8))
    #expect(console.stdout == [folder + "/t.json"])
    #expect(server.requests == [["op": "fetch", "id": 1, "job": "j1", "take": 1, "level": 2, "tokens": true]])
}

@Test func fetchOfAnUnfinishedTakeIsATemporaryFailure() {
    let server = ScriptedServer(script: [.read, .send(errorReply(1, .notReady, "take 0 is not decoded yet"))])
    let folder = temporaryFolder()
    defer { removeFolder(folder) }
    let console = RecordingConsole()
    let status = Client(socketPath: server.path, console: console).fetch(
        FetchRequest(job: job("j1")), to: folder + "/x.wav")
    #expect(status == 75)
    #expect(files(in: folder).isEmpty)
}
