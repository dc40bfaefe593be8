import Foundation
import JukeboxEngine
import JukeboxProtocol
import JukeboxTestSupport
import JukeboxWeights
import Testing

@testable import JukeboxDaemon

/// Two bundles and a `memory_budget` that fits a job of one but not the other model loaded
/// beside it: the daemon unloads the idle model, and refuses a job that cannot fit at all.
@Suite struct ModelUnloadTests {
    /// A watched submit of `model`: `seconds` of level 2, `takes` takes.
    static func submit(_ id: Int, _ model: String, seconds: Double = 0.5, takes: Int = 1) -> String {
        submitLine(id: id, seconds: seconds, takes: takes, extra: ",\"watch\":true").replacingOccurrences(
            of: "\"model\":\"tiny\"", with: "\"model\":\"\(model)\"")
    }

    /// The memory plan the daemon works out for request `line` on the bundle at `path`.
    static func plan(of line: String, bundle path: String) throws -> Int64 {
        guard case .submit(let submit) = try Request(line: Array(line.utf8), parser: ProtocolLimits.parser()).body
        else { throw POSIXError(.EINVAL) }
        let bundle = try ModelBundle(path: path)
        let run = try GenerationRun(
            spec: EventMapping.spec(submit, seed: 1, source: nil), folder: path + "/unused",
            pipeline: try Pipeline(bundle: bundle), bundleIdentity: BundleIdentity.of(bundle.config))
        return run.plan.totalBytes
    }

    /// Writes `tiny-a` and `tiny-b` (same shapes, other weights) beside `tiny`, and serves them
    /// with a budget of a short job's plan plus half a bundle's weight files; `body` gets the
    /// weight bytes of each bundle.
    static func withTwoBundles(
        _ body: (DaemonFolders, TestDaemon, TestClient, _ weightBytes: Int64) throws -> Void
    ) throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            for (name, seed) in [("tiny-a", UInt64(1)), ("tiny-b", UInt64(2))] {
                try RandomBundle.write(
                    config: TinyBundle.config(createdBy: "ModelUnloadTests"), labels: TinyBundle.labels,
                    to: folders.models + "/" + name, seed: seed)
            }
            let planned = try plan(of: submit(1, "tiny-a"), bundle: folders.models + "/tiny-a")
            let weights = Int64(try ModelBundle(path: folders.models + "/tiny-b").weightBytes)
            var configuration = folders.configuration()
            configuration.memoryBudgetBytes = planned + weights / 2
            let daemon = try TestDaemon(configuration)
            defer { daemon.stop() }
            let client = try TestClient(folders.socket)
            _ = client.hello()
            try body(folders, daemon, client, weights)
        }
    }

    /// The daemon's `status`.
    static func status(_ client: TestClient, _ id: Int) -> StatusResult? {
        guard case .status(let status)? = client.request("{\"op\":\"status\",\"id\":\"status \(id)\"}") else {
            return nil
        }
        return status
    }

    @Test func alternatingJobsBothFinishAndUnloadTheIdleModel() throws {
        try Self.withTwoBundles { _, daemon, client, weights in
            for (round, model) in ["tiny-a", "tiny-b", "tiny-a", "tiny-b"].enumerated() {
                client.send(Self.submit(round + 1, model))
                let events = client.stream(.integer(Int64(round + 1)), timeout: 300)
                guard case .done? = events.last else {
                    Issue.record("job \(round + 1) of \(model) ended with \(String(describing: events.last))")
                    return
                }
                let status = try #require(Self.status(client, round))
                #expect(status.modelsLoaded == [model])  // the other one made room
                #expect(status.modelsUnloaded == round)
                #expect(status.modelsLoadedBytes == weights)
            }
            let unloads = daemon.logLines.all.filter { $0.contains(": unloaded (least recently used) to make room") }
            #expect(unloads.count == 3)
            #expect(
                unloads.first?.hasPrefix("model tiny-a: unloaded (least recently used) to make room for tiny-b") == true
            )
        }
    }

    @Test func aModelWithAQueuedOrRunningJobStaysLoaded() throws {
        try Self.withTwoBundles { _, daemon, client, _ in
            client.send(Self.submit(1, "tiny-a"))
            let first = client.reply()?.body
            guard acceptedJob(first) != nil else {
                Issue.record("the job of tiny-a was not accepted: \(String(describing: first))")
                return
            }
            let second = try TestClient(daemon.server.configuration.socketPath)
            _ = second.hello()
            second.send(Self.submit(2, "tiny-b").replacingOccurrences(of: ",\"watch\":true", with: ""))
            #expect(acceptedJob(second.reply()?.body) != nil)
            // tiny-a's job is queued or running: the submit of tiny-b loads tiny-b beside it.
            let during = try #require(Self.status(second, 0))
            #expect(during.jobsQueued + during.jobsRunning == 2)
            #expect(during.modelsLoaded == ["tiny-a", "tiny-b"])
            #expect(during.modelsUnloaded == 0)
            guard case .done? = client.stream(.integer(1), timeout: 300).last else {
                Issue.record("the job of tiny-a did not finish")
                return
            }
            // The worker makes room when tiny-b's job starts, tiny-a's job over.
            #expect(eventually(timeout: 300) { Self.status(second, 1).map { $0.jobsQueued + $0.jobsRunning } == 0 })
            let after = try #require(Self.status(second, 2))
            #expect(after.modelsLoaded == ["tiny-b"])
            #expect(after.modelsUnloaded == 1)
        }
    }

    @Test func aJobThatCannotFitIsRefusedAndUnloadsNothing() throws {
        try Self.withTwoBundles { folders, daemon, client, _ in
            client.send(Self.submit(1, "tiny-a"))
            guard case .done? = client.stream(.integer(1), timeout: 300).last else {
                Issue.record("the first job did not finish")
                return
            }
            let big = Self.submit(2, "tiny-b", seconds: 5, takes: 8)
            let budget = daemon.server.configuration.memoryBudgetBytes
            #expect(try Self.plan(of: big, bundle: folders.models + "/tiny-b") > budget)
            client.send(big)
            let reply = client.stream(.integer(2), timeout: 60).last
            #expect(errorCode(reply) == .outOfRange)
            let status = try #require(Self.status(client, 0))
            #expect(status.modelsUnloaded == 0)
            #expect(status.modelsLoaded.contains("tiny-a"))
            #expect(status.jobsQueued == 0 && status.jobsRunning == 0)
            #expect(folders.jobFolders.count == 1)
        }
    }
}
