import Foundation
import Glibc
import JukeboxAudio
import JukeboxDaemon
import JukeboxProtocol
import JukeboxTestSupport
import Testing

extension DaemonServerTests {
    @Test func aJobRunsAndItsOutputsCanBeFetched() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            let daemon = try TestDaemon(folders.configuration())
            defer { daemon.stop() }
            let client = try TestClient(folders.socket)
            _ = client.hello()
            client.send(submitLine(id: 1, seconds: 0.1, takes: 2, levels: "[2,1]", extra: ",\"watch\":true"))
            let events = client.stream(.integer(1), timeout: 300)
            let job = try #require(acceptedJob(events.first))
            #expect(events.contains { if case .progress = $0 { true } else { false } })
            let levels = events.compactMap { body -> Int? in
                if case .levelDone(let done) = body { return done.level }
                return nil
            }
            #expect(levels == [2, 1])
            guard case .done(let done)? = events.last else {
                Issue.record("the stream ended with \(String(describing: events.last))")
                return
            }
            #expect(done.takes == 2)

            guard
                case .tokens(let tokens)? = client.request(
                    "{\"op\":\"fetch\",\"id\":2,\"job\":\"\(job)\",\"take\":1,\"level\":2,\"tokens\":true}")
            else {
                Issue.record("no tokens")
                return
            }
            #expect(tokens.tokens.count == Int((done.durationS * 44100).rounded()) / 128)
            guard
                case .audio(let audio)? = client.request(
                    "{\"op\":\"fetch\",\"id\":3,\"job\":\"\(job)\",\"take\":0,\"level\":1,\"format\":\"flac\"}")
            else {
                Issue.record("no audio")
                return
            }
            #expect(audio.format == .flac)
            #expect(audio.sampleRateHz == 44100)
            #expect(try AudioReader.info(bytes: audio.audio).container.uppercased().contains("FLAC"))
            // Level 0 is not part of this job; take 5 does not exist.
            #expect(errorCode(client.request("{\"op\":\"fetch\",\"id\":4,\"job\":\"\(job)\"}")) == .notFound)
            #expect(
                errorCode(client.request("{\"op\":\"fetch\",\"id\":5,\"job\":\"\(job)\",\"take\":5,\"level\":2}"))
                    == .notFound)
            #expect(errorCode(client.request("{\"op\":\"fetch\",\"id\":6,\"job\":\"jnosuchjob\"}")) == .notFound)
            // Watching a finished job gives its last event at once.
            guard case .done? = client.request("{\"op\":\"watch\",\"id\":7,\"job\":\"\(job)\"}") else {
                Issue.record("watch of a finished job")
                return
            }
            #expect(errorCode(client.request("{\"op\":\"cancel\",\"id\":8,\"job\":\"\(job)\"}")) == .invalidField)
            let transitions = daemon.logLines.all.filter { $0.hasPrefix("job \(job)") }
            #expect(transitions.contains { $0.hasSuffix("queued -> running") })
            #expect(transitions.contains { $0.contains("running -> done") })
            // Each carries the job's fields (journal JUKEBOX_JOB, JUKEBOX_UID, JUKEBOX_MODEL).
            let expected = ["job": "\(job)", "uid": "\(getuid())", "model": "tiny"]
            #expect(daemon.logLines.fields(of: "job \(job): queued -> running") == expected)
            #expect(
                daemon.logLines.fields(of: try #require(transitions.first { $0.contains("running -> done") }))
                    == expected)
        }
    }

    @Test func aFullQueueIsBusyAndCancelStopsJobs() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            let daemon = try TestDaemon(folders.configuration(queueLimit: 2))
            defer { daemon.stop() }
            let client = try TestClient(folders.socket)
            _ = client.hello()
            let running = try #require(acceptedJob(client.request(submitLine(id: 1, seconds: 500))))
            let queued = try #require(acceptedJob(client.request(submitLine(id: 2, seconds: 500))))
            let before = folders.jobFolders.count
            #expect(errorCode(client.request(submitLine(id: 3))) == .busy)
            #expect(folders.jobFolders.count == before)

            guard case .jobs(let jobs)? = client.request("{\"op\":\"jobs\",\"id\":4}") else {
                Issue.record("no jobs")
                return
            }
            #expect(jobs.map(\.job) == [running, queued])
            #expect(jobs.last?.queuePosition == 0)
            #expect(eventually { daemon.logLines.all.contains("job \(running): queued -> running") })

            // A watcher of the queued job sees it cancelled.
            let watcher = try TestClient(folders.socket)
            _ = watcher.hello()
            watcher.send("{\"op\":\"watch\",\"id\":\"w\",\"job\":\"\(queued)\"}")
            guard case .accepted(let position)? = watcher.reply()?.body else {
                Issue.record("watching a queued job starts with accepted")
                return
            }
            #expect(position.queuePosition == 0)
            guard case .cancelled? = client.request("{\"op\":\"cancel\",\"id\":5,\"job\":\"\(queued)\"}") else {
                Issue.record("cancel of a queued job")
                return
            }
            guard case .cancelled? = watcher.stream(.string("w")).last else {
                Issue.record("the watcher was not told")
                return
            }
            guard case .cancelled? = client.request("{\"op\":\"cancel\",\"id\":6,\"job\":\"\(running)\"}") else {
                Issue.record("cancel of a running job")
                return
            }
            // The worker is free within a sampling step; the saved tokens stay readable.
            #expect(
                eventually(timeout: 10) {
                    guard case .status(let status)? = client.request("{\"op\":\"status\",\"id\":7}") else {
                        return false
                    }
                    return status.jobsRunning == 0 && status.jobsQueued == 0
                })
            guard case .jobs(let after)? = client.request("{\"op\":\"jobs\",\"id\":8}") else { return }
            #expect(after.map(\.state) == [.cancelled, .cancelled])
            let checkpoint = folders.state + "/jobs/\(running)/tokens-level-2.bin"
            #expect(FileManager.default.fileExists(atPath: checkpoint))
            #expect(
                errorCode(client.request("{\"op\":\"fetch\",\"id\":9,\"job\":\"\(running)\",\"level\":2}")) == .notReady
            )
            // Room again.
            #expect(acceptedJob(client.request(submitLine(id: 10, seconds: 0.1))) != nil)
        }
    }

    @Test func aVanishedWatcherDoesNotStopTheJob() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            let daemon = try TestDaemon(folders.configuration())
            defer { daemon.stop() }
            var submitter: TestClient? = try TestClient(folders.socket)
            _ = submitter?.hello()
            submitter?.send(submitLine(id: 1, seconds: 1, extra: ",\"watch\":true"))
            let job = try #require(acceptedJob(submitter?.reply()?.body))
            // A watcher that never reads: its buffers fill, it is dropped, the job goes on.
            let sleeper = try TestClient(folders.socket)
            var small: Int32 = 4096
            setsockopt(sleeper.fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
            sleeper.send("{\"op\":\"watch\",\"id\":\"s\",\"job\":\"\(job)\"}")
            #expect(submitter?.reply().map { if case .progress = $0.body { true } else { false } } == true)
            submitter = nil  // the submitting client disconnects mid-job
            let other = try TestClient(folders.socket)
            _ = other.hello()
            other.send("{\"op\":\"watch\",\"id\":\"late\",\"job\":\"\(job)\"}")
            guard case .done? = other.stream(.string("late"), timeout: 300).last else {
                Issue.record("the job did not finish")
                return
            }
            guard case .jobs(let jobs)? = other.request("{\"op\":\"jobs\",\"id\":2}") else { return }
            #expect(jobs.first?.state == .done)
        }
    }
}
