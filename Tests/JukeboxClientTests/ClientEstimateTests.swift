import Foundation
import JukeboxClient
import JukeboxJSON
import JukeboxProtocol
import Testing

private let estimate = WorkEstimate(
    levels: [
        WorkEstimate.Level(level: 2, timeS: 11520, floorS: 5000, newTokens: 2584, refedTokens: 7168, corrections: 2),
        WorkEstimate.Level(level: 1, timeS: 150, floorS: 100, newTokens: 10336, refedTokens: 0, corrections: 1),
    ], timeS: 11670, peakMemoryBytes: 3 << 29, basis: .corrected, sgemmGFLOPS: 90, readGBps: 30)

/// An ancestral request of the tiny model.
private let request = SubmitRequest(model: "tiny", mode: .ancestral, seconds: 60, takes: 3, seed: 1)

@Test func anEstimatePrintsEachLevelTheTotalAndThePeakAndSubmitsNothing() throws {
    let server = ScriptedServer(script: [.read, .send(reply(1, .estimate(estimate)))])
    let console = RecordingConsole()
    let status = Client(socketPath: server.path, console: console).estimate(request)
    server.wait()

    #expect(status == 0)
    #expect(server.requests.map { $0["op"] } == ["estimate"])
    #expect(server.requests.first?["seconds"]?.doubleValue == 60)
    #expect(
        console.stdout == [
            "level 2: 3h12m (2584 new tokens, 7168 re-fed)", "level 1: 2m30s (10336 new tokens, 0 re-fed)",
            "total: 3h14m, peak memory 1.5 GiB",
            "basis: this machine's floors corrected by the model's finished jobs",
        ])
}

@Test func anEstimateWithJSONEchoesTheReply() throws {
    let line = reply(1, .estimate(estimate))
    let server = ScriptedServer(script: [.read, .send(line)])
    let console = RecordingConsole()
    let status = Client(socketPath: server.path, json: true, console: console).estimate(request)
    server.wait()

    #expect(status == 0)
    #expect(console.stdout == [line])
}

@Test func anEstimateTheDaemonRefusesIsItsError() throws {
    let server = ScriptedServer(script: [.read, .send(errorReply(1, .unknownModel, "no model tiny"))])
    let console = RecordingConsole()
    let status = Client(socketPath: server.path, console: console).estimate(request)
    server.wait()

    #expect(status != 0)
    #expect(console.stdout.isEmpty)
    #expect(console.stderr.contains { $0.contains("no model tiny") })
}

@Test func theAcceptedLineSaysWhatTheJobShouldTakeAndWhenItStarts() {
    let console = RecordingConsole()
    ProgressDisplay(console: console).show(
        .accepted(AcceptedEvent(job: job("j1"), queuePosition: 1, seed: 7, estimate: estimate, startsInS: 90)))
    #expect(
        console.stderr == [
            "jukebox: job j1 queued at position 1 (seed 7); expected to take 3h14m, peak memory 1.5 GiB; "
                + "starts in about 1m30s"
        ])
}
