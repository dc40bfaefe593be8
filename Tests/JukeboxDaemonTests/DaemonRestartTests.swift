import Foundation
import Glibc
import JukeboxDaemon
import JukeboxProtocol
import JukeboxTestSupport
import Testing

extension DaemonServerTests {
    @Test func anInterruptedJobResumesAfterARestartWithTheSameTokens() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            var daemon = try TestDaemon(folders.configuration())
            var client = try TestClient(folders.socket)
            _ = client.hello()
            client.send(submitLine(id: 1, seconds: 2, extra: ",\"watch\":true"))
            let job = try #require(acceptedJob(client.reply()?.body))
            // Wait until a window is saved, then stop as SIGTERM does.
            let checkpoint = folders.state + "/jobs/\(job)/tokens-level-2.bin"
            #expect(eventually { FileManager.default.fileExists(atPath: checkpoint) })
            daemon.stop()
            guard case .error(let stopping)? = client.stream(.integer(1)).last else {
                Issue.record("the watcher was not told of the shutdown")
                return
            }
            #expect(stopping.code == .shuttingDown)
            #expect(daemon.logLines.all.contains { $0.contains("job \(job): interrupted by shutdown") })
            let record = try String(contentsOfFile: folders.state + "/jobs/\(job)/job.json", encoding: .utf8)
            #expect(record.contains("\"state\" : \"running\""))

            daemon = try TestDaemon(folders.configuration())
            defer { daemon.stop() }
            client = try TestClient(folders.socket)
            _ = client.hello()
            guard case .jobs(let jobs)? = client.request("{\"op\":\"jobs\",\"id\":2}") else { return }
            #expect(jobs.map(\.job) == [job])
            client.send("{\"op\":\"watch\",\"id\":3,\"job\":\"\(job)\"}")
            guard case .done? = client.stream(.integer(3), timeout: 300).last else {
                Issue.record("the resumed job did not finish")
                return
            }
            #expect(daemon.logLines.all.contains("job \(job): resuming from its folder"))
            guard
                case .tokens(let resumed)? = client.request(
                    "{\"op\":\"fetch\",\"id\":4,\"job\":\"\(job)\",\"level\":2,\"tokens\":true}")
            else { return }

            // The same job without interruption gives the same tokens.
            client.send(submitLine(id: 5, seconds: 2, extra: ",\"watch\":true"))
            let events = client.stream(.integer(5), timeout: 300)
            let again = try #require(acceptedJob(events.first))
            guard
                case .tokens(let straight)? = client.request(
                    "{\"op\":\"fetch\",\"id\":6,\"job\":\"\(again)\",\"level\":2,\"tokens\":true}")
            else { return }
            #expect(resumed.tokens == straight.tokens)
        }
    }

    @Test func finishedJobsSurviveARestart() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            let job = try finishedJob(in: folders)
            let daemon = try TestDaemon(folders.configuration())
            defer { daemon.stop() }
            let client = try TestClient(folders.socket)
            _ = client.hello()
            guard case .jobs(let jobs)? = client.request("{\"op\":\"jobs\",\"id\":2}") else { return }
            #expect(jobs.map(\.job) == [try #require(job)])
            #expect(jobs.first?.state == .done)
            guard
                case .tokens? = client.request(
                    "{\"op\":\"fetch\",\"id\":3,\"job\":\"\(job!)\",\"level\":2,\"tokens\":true}")
            else {
                Issue.record("tokens of a job finished before the restart")
                return
            }
        }
    }
}
