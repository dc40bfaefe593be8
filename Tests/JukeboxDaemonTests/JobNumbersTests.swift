import Foundation
import JukeboxDaemon
import JukeboxProtocol
import JukeboxTestSupport
import Testing

/// The numbers a script needs: each job's compute time in `done` and `jobs` (kept across a
/// restart), and each level's hop and tokens per second in `models`.
@Suite(.serialized) struct JobNumbersTests {
    @Test func doneAndJobsGiveComputeTimePerLevelAndKeepItAcrossARestart() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            let before = Int64(Date().timeIntervalSince1970)
            let (job, done, listed) = try withDaemon(folders) { _, client -> (JobID?, DoneEvent?, JobSummary?) in
                let (job, bodies) = Removal.finish(client, id: 1, levels: "[2,1]")
                guard case .done(let done)? = bodies.last else {
                    Issue.record("the job did not finish: \(bodies)")
                    return (job, nil, nil)
                }
                return (job, done, Removal.jobs(client).first)
            }
            let event = try #require(done)
            let times = event.times
            let started = try #require(times.startedUnixS)
            let finished = try #require(times.finishedUnixS)
            #expect(started >= before && finished >= started)
            #expect(times.levels.map(\.level) == [2, 1])
            #expect(times.levels.allSatisfy { $0.computeS > 0 })
            #expect(abs((times.computeS ?? 0) - times.levels.reduce(0) { $0 + $1.computeS }) < 1e-9)
            #expect(Double(finished - started) + 1 >= times.computeS ?? .infinity)
            #expect(listed?.times == times)
            let line = String(decoding: Reply(id: .integer(1), body: .done(event)).line, as: UTF8.self)
            #expect(line.contains("\"compute_s\":") && line.contains("\"level_compute\":[{"))

            try withDaemon(folders) { _, client in
                #expect(Removal.jobs(client).first?.times == times)
                client.send("{\"op\":\"watch\",\"id\":2,\"job\":\"\(try #require(job))\"}")
                guard case .done(let again)? = client.stream(.integer(2)).last else {
                    Issue.record("no done event for the ended job")
                    return
                }
                #expect(again.times == times)
            }
        }
    }

    @Test func modelsGiveEachLevelsHopAndTokensPerSecond() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            try withDaemon(folders) { _, client in
                guard case .models(let models)? = client.request("{\"op\":\"models\",\"id\":1}") else {
                    Issue.record("no models reply")
                    return
                }
                let tiny = try #require(models.first { $0.name == "tiny" })
                #expect(tiny.levelHops.map(\.level) == [2, 1, 0])
                #expect(tiny.levelHops.map(\.hopSamples) == [128, 32, 8])
                let rates: [Double] = [344.53125, 1378.125, 5512.5]  // 44,100 Hz over each hop
                #expect(tiny.levelHops.map(\.tokensPerS) == rates)
            }
        }
    }
}
