import Foundation
import JukeboxEngine
import JukeboxProtocol
import JukeboxTestSupport
import JukeboxWeights
import Testing

@testable import JukeboxDaemon

/// The `estimate` operation and the estimates `accepted` and `jobs` carry, on a daemon served
/// over a real socket.
extension DaemonServerTests {
    /// An estimate request line: a submit's fields under `"op":"estimate"`.
    static func estimateLine(id: Int, seconds: Double = 0.5, takes: Int = 1, levels: String = "[2]", extra: String = "")
        -> String
    {
        submitLine(id: id, seconds: seconds, takes: takes, levels: levels, extra: extra)
            .replacingOccurrences(of: "\"op\":\"submit\"", with: "\"op\":\"estimate\"")
    }

    /// The estimate of a reply, if it is an `estimate` reply.
    static func estimate(_ body: ReplyBody?) -> WorkEstimate? {
        guard case .estimate(let estimate)? = body else { return nil }
        return estimate
    }

    @Test func anEstimateHasEveryLevelAndTheSubmitsMemoryPlanAndCreatesNoJob() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            try withDaemon(folders) { _, client in
                let reply = client.request(Self.estimateLine(id: 1, seconds: 0.5, takes: 2, levels: "[2,1,0]"))
                let estimate = try #require(Self.estimate(reply), "\(String(describing: reply))")
                #expect(estimate.levels.map(\.level) == [2, 1, 0])
                #expect(estimate.levels.allSatisfy { $0.timeS > 0 && $0.newTokens > 0 && $0.floorS == $0.timeS })
                #expect(estimate.basis == .floors)
                #expect(abs(estimate.timeS - estimate.levels.map(\.timeS).reduce(0, +)) < 1e-9)
                #expect(estimate.sgemmGFLOPS == TestDaemon.rates.sgemmGFLOPS)
                #expect(folders.jobFolders.isEmpty)
                #expect(client.request(#"{"op":"jobs","id":2}"#) == .jobs([]))

                // The memory plan the engine makes for the same job.
                let bundle = try ModelBundle(path: folders.models + "/tiny")
                let run = try GenerationRun(
                    spec: GenerationSpec(mode: .ancestral, seconds: 0.5, takes: 2, seed: 1, levels: [2, 1, 0]),
                    folder: root + "/never", pipeline: try Pipeline(bundle: bundle),
                    bundleIdentity: BundleIdentity.of(bundle.config))
                #expect(estimate.peakMemoryBytes == run.plan.totalBytes)

                // Submitting the same job: `accepted` carries the same estimate.
                let accepted = client.request(submitLine(id: 3, seconds: 0.5, takes: 2, levels: "[2,1,0]"))
                guard case .accepted(let event)? = accepted else {
                    Issue.record("no accepted: \(String(describing: accepted))")
                    return
                }
                #expect(event.estimate == estimate)
                #expect(event.startsInS == 0)
                _ = client.request(#"{"op":"cancel","id":4,"job":"\#(event.job)"}"#)
            }
        }
    }

    @Test func aBadEstimateGetsTheSubmitsErrorAndLeavesNothing() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            try withDaemon(folders) { _, client in
                let primed = #""mode":"primed","primer_path":"/nonexistent/primer.wav""#
                let broken = [
                    #","takes":0"#, #","seconds":5000"#, #","levels":[1,0]"#, #","artist":"nobody we know""#,
                    #","hop_fractions":[0,0.5,0.5]"#, #","job":"jnothere","take":0"#,
                ]
                func check(_ estimateLine: String, _ submitLine: String) {
                    let estimate = errorCode(client.request(estimateLine))
                    #expect(folders.jobFolders.isEmpty)
                    let submit = errorCode(client.request(submitLine))
                    #expect(estimate != nil && estimate == submit, "\(estimateLine)")
                }
                for (index, extra) in broken.enumerated() {
                    check(Self.estimateLine(id: 10 + index, extra: extra), submitLine(id: 100 + index, extra: extra))
                }
                check(
                    Self.estimateLine(id: 20).replacingOccurrences(of: #""mode":"ancestral""#, with: primed),
                    submitLine(id: 120).replacingOccurrences(of: #""mode":"ancestral""#, with: primed))
                check(
                    Self.estimateLine(id: 21).replacingOccurrences(of: "\"tiny\"", with: "\"nope\""),
                    submitLine(id: 121).replacingOccurrences(of: "\"tiny\"", with: "\"nope\""))
                #expect(folders.jobFolders.isEmpty)
            }
        }
    }

    @Test func aQueuedJobKnowsWhenItShouldStart() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            // Rates this slow make every estimate hours long, so the queue's times cannot run out.
            let slow = MachineRates(sgemmGFLOPS: 1e-3, readGBps: 1e-3, kernel: "slow")
            try withDaemon(folders, rates: slow) { _, client in
                guard case .accepted(let first)? = client.request(submitLine(id: 1, seconds: 3)),
                    case .accepted(let second)? = client.request(submitLine(id: 2, seconds: 0.5))
                else {
                    Issue.record("not accepted")
                    return
                }
                let firstTime = try #require(first.estimate?.timeS)
                #expect(first.startsInS == 0)
                #expect((second.startsInS ?? 0) > 0)
                #expect((second.startsInS ?? .infinity) <= firstTime)
                guard case .jobs(let jobs)? = client.request(#"{"op":"jobs","id":3}"#) else {
                    Issue.record("no jobs reply")
                    return
                }
                let queued = jobs.first { $0.job == second.job }
                #expect(queued?.state == .queued && (queued?.startsInS ?? 0) > 0)
                let running = jobs.first { $0.job == first.job }
                #expect(running?.state != .running || (running?.remainingS ?? 0) > 0)
                _ = client.request(#"{"op":"cancel","id":4,"job":"\#(second.job)"}"#)
                _ = client.request(#"{"op":"cancel","id":5,"job":"\#(first.job)"}"#)
            }
        }
    }

    @Test func finishedLevelsCorrectTheEstimateAcrossARestart() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            let file = folders.state + "/" + Estimator.fileName
            _ = try #require(try finishedJob(in: folders))
            let saved = try JSONDecoder().decode(
                EstimateCorrections.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
            let factor = saved.factor(model: "tiny", level: 2)
            #expect(factor.count == 1 && factor.factor > 0)
            try withDaemon(folders) { _, client in
                let estimate = try #require(Self.estimate(client.request(Self.estimateLine(id: 1, levels: "[2,1]"))))
                #expect(estimate.basis == .mixed)
                let top = try #require(estimate.levels.first)
                #expect(top.corrections == 1)
                #expect(abs(top.timeS - top.floorS * factor.factor) <= 1e-9 * top.timeS)
                #expect(estimate.levels[1].corrections == 0)
            }
            // A damaged file is logged and ignored.
            try Data("{not json".utf8).write(to: URL(fileURLWithPath: file))
            let daemon = try TestDaemon(folders.configuration())
            defer { daemon.stop() }
            let client = try TestClient(folders.socket)
            _ = client.hello()
            let estimate = Self.estimate(client.request(Self.estimateLine(id: 1)))
            #expect(estimate?.basis == .floors)
            #expect(
                daemon.logLines.all.contains { $0.contains(Estimator.fileName) && $0.contains("could not be read") })
        }
    }
}
