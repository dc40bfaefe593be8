import Foundation
import Glibc
import JukeboxEngine
import JukeboxProtocol
import JukeboxTestSupport
import Testing

extension DaemonServerTests {
    /// `drop_take` against a real `jukeboxd serve`: bad input gets its stable code and changes
    /// nothing; two of three takes are dropped mid-level, the daemon is killed with SIGKILL and
    /// started again, and the job ends with the one take left, the dropped takes' tokens so far
    /// still fetchable.
    @Test(.enabled(if: jukeboxdExecutable() != nil))
    func droppedTakesSurviveSigkillAndKeepTheirTokens() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            var daemon = try ServeProcess(folders, executable: jukeboxdExecutable()!)
            var client = try TestClient(folders.socket)
            _ = client.hello()
            client.send(
                submitLine(id: 1, seconds: 1, takes: 3, extra: ",\"hop_fractions\":[0.5,0.5,0.5],\"watch\":true"))
            let job = try #require(acceptedJob(client.reply()?.body))
            #expect(eventually { if case .preview? = client.reply()?.body { true } else { false } })
            let drop = { (id: Int, job: String, take: Int) in
                client.request("{\"op\":\"drop_take\",\"id\":\(id),\"job\":\"\(job)\",\"take\":\(take)}")
            }
            let folder = folders.state + "/jobs/\(job)"
            let record = { try String(contentsOfFile: folder + "/job.json", encoding: .utf8) }
            let before = try record()
            #expect(errorCode(drop(10, "nosuchjob", 1)) == .notFound)
            #expect(errorCode(drop(11, job.rawValue, 3)) == .outOfRange)
            #expect(errorCode(drop(12, job.rawValue, 16)) == .outOfRange)  // beyond any job's takes
            #expect(try record() == before)

            #expect(drop(13, job.rawValue, 1) == .takeDropped(TakeDropped(job: job, take: 1, takesLeft: 2)))
            #expect(errorCode(drop(14, job.rawValue, 1)) == .notFound)  // dropped already
            #expect(drop(15, job.rawValue, 0) == .takeDropped(TakeDropped(job: job, take: 0, takesLeft: 1)))
            let twoDropped = try record()
            #expect(twoDropped.contains("\"dropped_takes\""))
            #expect(errorCode(drop(16, job.rawValue, 2)) == .lastTake)
            #expect(try record() == twoDropped)

            // Killed at once: the drops are in job.json, perhaps not yet applied by the engine.
            daemon.kill9()
            daemon = try ServeProcess(folders, executable: jukeboxdExecutable()!)
            defer { daemon.stop() }
            client = try TestClient(folders.socket)
            _ = client.hello()
            client.send("{\"op\":\"watch\",\"id\":2,\"job\":\"\(job)\"}")
            let events = client.stream(.integer(2), timeout: 300)
            guard case .done(let done)? = events.last else {
                Issue.record("the resumed job did not finish: \(String(describing: events.last))")
                return
            }
            #expect(done.droppedTakes == [0, 1] && done.madeTakes == [2])
            let previews = Set(
                events.compactMap { body -> Int? in if case .preview(let e) = body { e.take } else { nil } })
            #expect(previews.isSubset(of: [2]))
            let engine = try JobRecord.load(from: JobFolder(folder))
            #expect(Set(engine.droppedTakes) == [0, 1] && engine.activeTakes == [2])

            // 1 s at the top hop is 345 tokens; the dropped takes stopped short of it.
            func tokens(_ take: Int, id: Int) -> [Int]? {
                let reply = client.request(
                    "{\"op\":\"fetch\",\"id\":\(id),\"job\":\"\(job)\",\"take\":\(take),\"level\":2,\"tokens\":true}")
                guard case .tokens(let tokens)? = reply else { return nil }
                return tokens.tokens
            }
            #expect(tokens(2, id: 3)?.count == 345)
            for take in [0, 1] {
                let count = try #require(tokens(take, id: 4 + take)?.count)
                #expect(count >= 64 && count < 345)
            }
            guard
                case .audio? = client.request("{\"op\":\"fetch\",\"id\":6,\"job\":\"\(job)\",\"take\":2,\"level\":2}")
            else {
                Issue.record("no audio of the take left")
                return
            }
            #expect(
                errorCode(client.request("{\"op\":\"fetch\",\"id\":7,\"job\":\"\(job)\",\"take\":0,\"level\":2}"))
                    == .notFound)
            #expect(errorCode(drop(17, job.rawValue, 2)) == .jobEnded)
        }
    }

    /// Dropping a take of a queued job: the job starts without it.
    @Test func aQueuedJobStartsWithoutItsDroppedTake() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            try withDaemon(folders) { _, client in
                client.send(submitLine(id: 1, seconds: 30, takes: 1))
                let first = try #require(acceptedJob(client.reply()?.body))
                client.send(submitLine(id: 2, seconds: 0.5, takes: 2, extra: ",\"watch\":true"))
                let second = try #require(acceptedJob(client.reply()?.body))
                #expect(
                    client.request("{\"op\":\"drop_take\",\"id\":3,\"job\":\"\(second)\",\"take\":0}")
                        == .takeDropped(TakeDropped(job: second, take: 0, takesLeft: 1)))
                #expect(
                    errorCode(client.request("{\"op\":\"drop_take\",\"id\":4,\"job\":\"\(first)\",\"take\":0}"))
                        == .lastTake)
                #expect(client.request("{\"op\":\"cancel\",\"id\":5,\"job\":\"\(first)\"}") == .cancelled(job: first))
                let events = client.stream(.integer(2), timeout: 300)
                guard case .done(let done)? = events.last else {
                    Issue.record("the job did not finish: \(String(describing: events.last))")
                    return
                }
                #expect(done.madeTakes == [1])
                let folder = folders.state + "/jobs/\(second)"
                #expect(FileManager.default.fileExists(atPath: folder + "/level-2-take-2.wav"))
                #expect(!FileManager.default.fileExists(atPath: folder + "/level-2-take-1.wav"))
                #expect((try? TokenFile.read(path: folder + "/tokens-level-2.bin"))?.count == 1)
            }
        }
    }
}
