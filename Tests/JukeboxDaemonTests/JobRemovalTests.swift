import Foundation
import Glibc
import JukeboxDaemon
import JukeboxProtocol
import JukeboxTestSupport
import Testing

/// `remove`, `prune` and `job_retention_days` against a daemon on a temporary socket: exactly
/// the ended jobs asked for lose their folders and records; active jobs and other users' jobs
/// are refused.
@Suite(.serialized) struct JobRemovalTests {
    @Test func removeTakesAnEndedJobAndRefusesAnActiveOneUntilCancelled() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            try withDaemon(folders) { _, client in
                let (done, _) = Removal.finish(client, id: 1)
                let job = try #require(done)
                let (kept, _) = Removal.finish(client, id: 2)
                guard case .status(let before)? = client.request("{\"op\":\"status\",\"id\":3}") else {
                    Issue.record("no status")
                    return
                }
                let stateBefore = try #require(before.stateBytes)
                #expect(stateBefore > 0)
                #expect((before.stateFreeBytes ?? 0) > 0)

                let removed = try #require(
                    Removal.removed(client.request("{\"op\":\"remove\",\"id\":4,\"job\":\"\(job)\"}")))
                #expect(removed.jobs == [job])
                #expect(removed.freedBytes > 0)
                #expect(folders.jobFolders == [try #require(kept).rawValue])
                #expect(Removal.jobs(client).map(\.job) == [kept])
                #expect(
                    errorCode(client.request("{\"op\":\"fetch\",\"id\":5,\"job\":\"\(job)\",\"level\":2}")) == .notFound
                )
                #expect(errorCode(client.request("{\"op\":\"remove\",\"id\":6,\"job\":\"\(job)\"}")) == .notFound)
                guard case .status(let after)? = client.request("{\"op\":\"status\",\"id\":7}") else { return }
                #expect((after.stateBytes ?? .max) < stateBefore)

                let busy = try #require(acceptedJob(client.request(submitLine(id: 8, seconds: 120))))
                guard case .error(let refusal)? = client.request("{\"op\":\"remove\",\"id\":9,\"job\":\"\(busy)\"}")
                else {
                    Issue.record("a queued or running job was removed")
                    return
                }
                #expect(refusal.code == .jobActive)
                #expect(refusal.field == "job")
                #expect(folders.jobFolders.contains(busy.rawValue))
                #expect(client.request("{\"op\":\"cancel\",\"id\":10,\"job\":\"\(busy)\"}") == .cancelled(job: busy))
                var removedBusy: RemovedResult?
                #expect(
                    eventually(timeout: 60) {
                        removedBusy = Removal.removed(
                            client.request("{\"op\":\"remove\",\"id\":11,\"job\":\"\(busy)\"}"))
                        return removedBusy != nil
                    })
                #expect(removedBusy?.jobs == [busy])
                #expect(folders.jobFolders == [kept?.rawValue].compactMap { $0 })
                let leftovers =
                    (try? FileManager.default.contentsOfDirectory(atPath: folders.state + "/removing")) ?? []
                #expect(leftovers.isEmpty)
            }
        }
    }

    @Test func pruneRemovesOnlyTheCallersOldEndedJobsAndRootPrunesEveryone() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            chmod(root, 0o755)
            let (oldRoot, newRoot, oldNobody, newNobody) = try withDaemon(folders) {
                _, client -> (JobID, JobID, JobID, JobID) in
                chmod(folders.socket, 0o666)
                let oldRoot = try #require(Removal.finish(client, id: 1).0)
                let newRoot = try #require(Removal.finish(client, id: 2).0)
                let submits = [submitLine(id: 1, seconds: 0.1), submitLine(id: 2, seconds: 0.1)]
                let answers = try Removal.asNobody(submits, socket: folders.socket)
                let oldNobody = try #require(acceptedJob(answers[.integer(1)]))
                let newNobody = try #require(acceptedJob(answers[.integer(2)]))
                #expect(eventually(timeout: 120) { Removal.jobs(client).allSatisfy { $0.state == .done } })
                return (oldRoot, newRoot, oldNobody, newNobody)
            }
            try Removal.age(oldRoot, in: folders, days: 10)
            try Removal.age(oldNobody, in: folders, days: 10)
            try withDaemon(folders) { _, client in
                chmod(folders.socket, 0o666)
                let answers = try Removal.asNobody(
                    [
                        "{\"op\":\"prune\",\"id\":1,\"older_than_days\":5}",
                        "{\"op\":\"remove\",\"id\":2,\"job\":\"\(newRoot)\"}",
                        "{\"op\":\"prune\",\"id\":3,\"older_than_days\":-1}",
                        "{\"op\":\"jobs\",\"id\":4}",
                    ], socket: folders.socket)
                #expect(Removal.removed(answers[.integer(1)])?.jobs == [oldNobody])
                #expect(errorCode(answers[.integer(2)]) == .notFound)
                #expect(errorCode(answers[.integer(3)]) == .outOfRange)
                guard case .jobs(let nobodys)? = answers[.integer(4)] else {
                    Issue.record("no jobs reply for nobody: \(answers)")
                    return
                }
                #expect(nobodys.map(\.job) == [newNobody])
                #expect(Set(folders.jobFolders) == Set([oldRoot, newRoot, newNobody].map(\.rawValue)))

                let rootPrune = Removal.removed(client.request("{\"op\":\"prune\",\"id\":5,\"older_than_days\":5}"))
                #expect(rootPrune?.jobs == [oldRoot])
                #expect(Set(folders.jobFolders) == Set([newRoot, newNobody].map(\.rawValue)))
                let everything = Removal.removed(client.request("{\"op\":\"prune\",\"id\":6,\"older_than_days\":0}"))
                #expect(Set(everything?.jobs ?? []) == [newRoot, newNobody])
                #expect(folders.jobFolders.isEmpty)
                #expect(Removal.jobs(client).isEmpty)
            }
        }
    }

    @Test func aRemovalThatACrashInterruptedIsFinishedAtStart() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            let leftover = folders.state + "/removing/jabc-1x2y"
            try FileManager.default.createDirectory(atPath: leftover, withIntermediateDirectories: true)
            try write("half deleted", to: leftover + "/tokens-level-2.bin")
            try withDaemon(folders) { _, client in
                #expect(Removal.jobs(client).isEmpty)
                #expect(!FileManager.default.fileExists(atPath: leftover))
                #expect(!FileManager.default.fileExists(atPath: folders.state + "/quarantine"))
            }
        }
    }

    @Test func retentionSweepsAgainWhileTheDaemonRuns() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            var configuration = folders.configuration()
            configuration.jobRetentionDays = 2.0 / 86_400  // two seconds
            let daemon = try TestDaemon(configuration, retentionInterval: .milliseconds(200))
            defer { daemon.stop() }
            let client = try TestClient(folders.socket)
            _ = client.hello()
            let job = try #require(Removal.finish(client, id: 1).0)
            #expect(folders.jobFolders == [job.rawValue])  // not at once: it ended less than two seconds ago
            #expect(eventually(timeout: 10) { folders.jobFolders.isEmpty })
            #expect(Removal.jobs(client).isEmpty)
        }
    }

    @Test func retentionRemovesJobsThatEndedLongerAgoAtStart() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            let (old, young) = try withDaemon(folders) { _, client -> (JobID?, JobID?) in
                (Removal.finish(client, id: 1).0, Removal.finish(client, id: 2).0)
            }
            try Removal.age(try #require(old), in: folders, days: 31)
            var configuration = folders.configuration()
            configuration.jobRetentionDays = 30
            let daemon = try TestDaemon(configuration)
            defer { daemon.stop() }
            #expect(eventually(timeout: 10) { folders.jobFolders == [young?.rawValue].compactMap { $0 } })
            let client = try TestClient(folders.socket)
            _ = client.hello()
            #expect(Removal.jobs(client).map(\.job) == [young])
            #expect(daemon.logLines.all.contains { $0.contains("job_retention_days = 30.0: removed 1 jobs") })
        }
    }
}
