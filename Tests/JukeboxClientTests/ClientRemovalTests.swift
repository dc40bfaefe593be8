import JukeboxClient
import JukeboxJSON
import JukeboxProtocol
import Testing

@Test func rmSendsRemoveAndShowsWhatWasFreed() {
    let server = ScriptedServer(script: [
        .read, .send(reply(1, .removed(RemovedResult(jobs: [job("j1")], freedBytes: 3 << 20)))),
    ])
    let console = RecordingConsole()
    #expect(Client(socketPath: server.path, console: console).remove(job("j1")) == 0)
    server.wait()
    #expect(server.requests == [["op": "remove", "id": 1, "job": "j1"]])
    #expect(console.stdout == ["removed j1", "freed 3.0 MiB"])
}

@Test func pruneSendsItsDaysAndListsEveryJob() {
    let removed = RemovedResult(jobs: [job("a1"), job("b2")], freedBytes: 2048)
    let server = ScriptedServer(script: [.read, .send(reply(1, .removed(removed)))])
    let console = RecordingConsole()
    #expect(Client(socketPath: server.path, console: console).prune(olderThanDays: 30) == 0)
    server.wait()
    #expect(server.requests == [["op": "prune", "id": 1, "older_than_days": 30.0]])
    #expect(console.stdout == ["removed a1", "removed b2", "freed 2.0 KiB"])
}

@Test func rmOfAnActiveJobExitsWithTheDataErrorStatus() {
    let refusal = ErrorReply(code: .jobActive, message: "job j1 is running; cancel it first", field: "job")
    let server = ScriptedServer(script: [.read, .send(reply(1, .error(refusal)))])
    let console = RecordingConsole()
    #expect(Client(socketPath: server.path, console: console).remove(job("j1")) == 65)
    #expect(console.stderr.first?.contains("(job_active)") == true)
}

@Test func statusShowsTheStateFoldersSizeAndFreeSpace() {
    let status = StatusResult(
        serverVersion: "0.1.0", uptimeS: 5, jobsQueued: 0, jobsRunning: 0, modelsLoaded: [],
        memoryBudgetBytes: 1 << 30, memoryUsedBytes: 1 << 20, stateBytes: 3 << 29, stateFreeBytes: 20 << 30)
    let server = ScriptedServer(script: [.read, .send(reply(1, .status(status)))])
    let console = RecordingConsole()
    #expect(Client(socketPath: server.path, console: console).status() == 0)
    #expect(console.stdout.last == "state folder: 1.5 GiB used, 20.0 GiB free")
}
