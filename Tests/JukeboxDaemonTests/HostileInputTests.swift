import Foundation
import Glibc
import JukeboxProtocol
import JukeboxTestSupport
import Testing

@testable import JukeboxDaemon

/// Requests, files and folders meant to hurt the daemon: each must end with a documented
/// code while the daemon goes on serving (Tests/e2e-python/hostile_suite.py does the same
/// against the real process, with signals, mounts and other users).
extension DaemonServerTests {
    @Test func aTemperatureFloatCannotDivideByIsRefusedAndTheDaemonServes() throws {
        try withServedDaemon { folders, daemon, client in
            let poison =
                #"{"op":"submit","id":1,"model":"tiny","mode":"ancestral","seconds":0.1,"takes":1,"#
                + #""levels":[2],"temperature":1e-40}"#
            guard case .error(let error)? = client.request(poison) else {
                Issue.record("the poison request was not refused")
                return
            }
            #expect(error.code == .outOfRange && error.field == "temperature")
            #expect(folders.jobFolders.isEmpty)
            #expect(serves(folders.socket), "the daemon stopped serving")
        }
    }

    @Test(arguments: [("prior_level_2.safetensors", "prior."), ("vqvae.safetensors", "decoders.")])
    func nanWeightsFailTheJobWithNumericErrorAndTheDaemonGoesOn(file: String, prefix: String) throws {
        let prepare = { (folders: DaemonFolders) throws in
            try FileManager.default.copyItem(atPath: folders.models + "/tiny", toPath: folders.models + "/broken")
            try poisonTensors(in: folders.models + "/broken/" + file, named: prefix)
        }
        try withServedDaemon(prepare: prepare) { folders, daemon, client in
            client.send(
                submitLine(id: 1, extra: ",\"watch\":true").replacingOccurrences(of: "\"tiny\"", with: "\"broken\""))
            guard case .failed(let failed)? = client.stream(.integer(1), timeout: 300).last else {
                Issue.record("the job on NaN weights did not fail: \(daemon.logLines.all)")
                return
            }
            #expect(failed.error.code == .numericError, "\(failed.error)")
            client.send(submitLine(id: 2, extra: ",\"watch\":true"))
            guard case .done? = client.stream(.integer(2), timeout: 300).last else {
                Issue.record("the daemon did not run a sound job after the broken one")
                return
            }
        }
    }

    @Test func aJobTheDaemonDiedOnTwiceWithoutProgressIsFailedAsCrashed() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            var daemon = try TestDaemon(folders.configuration())
            var client = try TestClient(folders.socket)
            _ = client.hello()
            client.send(submitLine(id: 1, seconds: 3, extra: ",\"watch\":true"))
            let job = try #require(acceptedJob(client.reply()?.body))
            #expect(eventually { daemon.logLines.all.contains("job \(job): queued -> running") })
            daemon.stop()
            // A shutdown is no crash: the count is clear, and the job resumes.
            let recordPath = folders.state + "/jobs/\(job)/job.json"
            var record = try String(contentsOfFile: recordPath, encoding: .utf8)
            #expect(record.contains("\"starts_without_progress\" : 0"))
            // As two deaths while running, without a window saved in between, leave it.
            record = record.replacingOccurrences(
                of: "\"starts_without_progress\" : 0", with: "\"starts_without_progress\" : 2")
            try record.write(toFile: recordPath, atomically: true, encoding: .utf8)

            daemon = try TestDaemon(folders.configuration())
            defer { daemon.stop() }
            client = try TestClient(folders.socket)
            _ = client.hello()
            client.send("{\"op\":\"watch\",\"id\":2,\"job\":\"\(job)\"}")
            guard case .failed(let failed)? = client.stream(.integer(2)).last else {
                Issue.record("the crashing job was not failed")
                return
            }
            #expect(failed.error.code == .crashed)
            guard case .jobs(let jobs)? = client.request(#"{"op":"jobs","id":3}"#) else { return }
            #expect(jobs.first?.state == .failed)
        }
    }

    @Test func cancellingAQueuedJobDropsItsPrimer() throws {
        try withServedDaemon { folders, daemon, client in
            // A long job holds the worker, so the primed one stays queued.
            let long = try #require(acceptedJob(client.request(submitLine(id: 1, seconds: 60))))
            let primed =
                "{\"op\":\"submit\",\"id\":2,\"model\":\"tiny\",\"mode\":\"primed\",\"seconds\":0.2,\"takes\":1,"
                + "\"levels\":[2],\"primer_base64\":\"\(try toneWAVBase64(frames: 22_050))\"}"
            let queued = try #require(acceptedJob(client.request(primed)))
            let primer = folders.state + "/jobs/\(queued)/primer"
            #expect(FileManager.default.fileExists(atPath: primer))
            guard case .cancelled? = client.request("{\"op\":\"cancel\",\"id\":3,\"job\":\"\(queued)\"}") else {
                Issue.record("cancel was refused")
                return
            }
            #expect(!FileManager.default.fileExists(atPath: primer))
            _ = client.request("{\"op\":\"cancel\",\"id\":4,\"job\":\"\(long)\"}")
        }
    }

    @Test func aHalfSentLineTimesOutAndAnIdleConnectionIsClosed() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            var configuration = folders.configuration()
            configuration.lineTimeoutSeconds = 1
            configuration.idleTimeoutSeconds = 2
            let daemon = try TestDaemon(configuration)
            defer { daemon.stop() }
            let halfLine = try TestClient(folders.socket)
            _ = halfLine.hello()
            _ = "{\"op\":\"sta".withCString { Glibc.send(halfLine.fd, $0, 10, Int32(MSG_NOSIGNAL)) }
            let idle = try TestClient(folders.socket)
            _ = idle.hello()
            guard case .error(let lineError)? = halfLine.reply(timeout: 10)?.body else {
                Issue.record("no timeout for the unfinished line")
                return
            }
            #expect(lineError.code == .timeout)
            #expect(halfLine.line(timeout: 5) == nil)  // closed
            guard case .error(let idleError)? = idle.reply(timeout: 10)?.body else {
                Issue.record("no timeout for the idle connection")
                return
            }
            #expect(idleError.code == .timeout)
            // A line dripped in a byte at a time is cut off all the same.
            let drip = try TestClient(folders.socket)
            _ = drip.hello()
            let started = Date()
            var cut = false
            for byte in Array("{\"op\":\"status\",\"id\":1,\"pad\":\"".utf8)
                + Array(repeating: UInt8(ascii: "x"), count: 100)
            {
                var value = byte
                guard Glibc.send(drip.fd, &value, 1, Int32(MSG_NOSIGNAL)) == 1 else {
                    cut = true
                    break
                }
                usleep(100_000)
                if Date().timeIntervalSince(started) > 6 { break }
            }
            guard case .error(let dripError)? = drip.reply(timeout: 5)?.body else {
                Issue.record("the dripped line was not cut off (send failed: \(cut))")
                return
            }
            #expect(dripError.code == .timeout)
            #expect(serves(folders.socket), "the daemon stopped serving")
        }
    }

    @Test func unfinishedLinesBeyondTheBudgetAreRefused() throws {
        let budget: (inout DaemonConfiguration) -> Void = { $0.maxBufferedBytes = 64 << 10 }
        try withServedDaemon(configure: budget) { folders, daemon, client in
            let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 100 << 10)
            _ = chunk.withUnsafeBytes { Glibc.send(client.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard case .error(let error)? = client.reply(timeout: 10)?.body else {
                Issue.record("the line past the budget was not refused")
                return
            }
            #expect(error.code == .busy)
            #expect(serves(folders.socket), "the daemon stopped serving")
        }
    }

    @Test func aSecondDaemonOnTheSameStateFolderIsRefused() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            let first = try TestDaemon(folders.configuration())
            defer { first.stop() }
            var second = folders.configuration()
            second.socketPath = root + "/other.sock"
            #expect(throws: DaemonError.self) { _ = try DaemonServer(configuration: second, environment: [:]) }
            #expect(!FileManager.default.fileExists(atPath: second.socketPath))
            #expect(serves(folders.socket), "the first daemon stopped serving")
        }
    }

    @Test func damagedJobFoldersAreQuarantinedAndLeftoversRemoved() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            var job: JobID?
            do {
                let daemon = try TestDaemon(folders.configuration())
                let client = try TestClient(folders.socket)
                _ = client.hello()
                client.send(submitLine(id: 1, extra: ",\"watch\":true"))
                job = acceptedJob(client.reply()?.body)
                _ = client.stream(.integer(1))
                daemon.stop()
            }
            let good = try #require(job)
            let jobs = folders.state + "/jobs"
            let record = try Data(contentsOf: URL(fileURLWithPath: "\(jobs)/\(good)/job.json"))
            for bad in ["not a valid id!", "..x", String(repeating: "y", count: 200)] {
                try FileManager.default.createDirectory(atPath: "\(jobs)/\(bad)", withIntermediateDirectories: true)
                try record.write(to: URL(fileURLWithPath: "\(jobs)/\(bad)/job.json"))
            }
            try FileManager.default.createDirectory(atPath: "\(jobs)/jgarbage", withIntermediateDirectories: true)
            try Data("{not json".utf8).write(to: URL(fileURLWithPath: "\(jobs)/jgarbage/job.json"))
            try FileManager.default.createDirectory(atPath: "\(jobs)/jother", withIntermediateDirectories: true)
            try record.write(to: URL(fileURLWithPath: "\(jobs)/jother/job.json"))
            let leftover = "\(jobs)/\(good)/job.json.tmp-999999"
            try Data("x".utf8).write(to: URL(fileURLWithPath: leftover))

            for _ in 0..<2 {  // and again: the second start finds a clean folder
                let daemon = try TestDaemon(folders.configuration())
                defer { daemon.stop() }
                let client = try TestClient(folders.socket)
                _ = client.hello()
                guard case .jobs(let listed)? = client.request(#"{"op":"jobs","id":1}"#) else {
                    Issue.record("jobs did not answer")
                    return
                }
                #expect(listed.map(\.job) == [good])
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: jobs) == [good.rawValue])
            #expect(try FileManager.default.contentsOfDirectory(atPath: folders.state + "/quarantine").count == 5)
            #expect(!FileManager.default.fileExists(atPath: leftover))
        }
    }
}

extension DaemonServerTests {
    @Test func settingsThatWouldFailTheJobLaterAreRefusedAtSubmit() throws {
        try withServedDaemon { folders, daemon, client in
            // A hop that rounds to no token.
            let hop = client.request(submitLine(id: 1, extra: ",\"hop_fractions\":[0.0001,0.5,0.5]"))
            #expect(errorCode(hop) == .invalidField, "\(String(describing: hop))")
            // Upsampling level 0 of a take that has no level-1 tokens.
            client.send(submitLine(id: 2, extra: ",\"watch\":true"))
            let events = client.stream(.integer(2), timeout: 300)
            let job = try #require(acceptedJob(events.first))
            guard case .done? = events.last else {
                Issue.record("the source job did not finish")
                return
            }
            let upsample = client.request(
                "{\"op\":\"submit\",\"id\":3,\"model\":\"tiny\",\"mode\":\"upsample\",\"job\":\"\(job)\",\"take\":0,"
                    + "\"levels\":[0]}")
            #expect(errorCode(upsample) == .invalidField, "\(String(describing: upsample))")
            #expect(folders.jobFolders.count == 1)
        }
    }

    @Test func aTakeCutShortOnDiskIsAnErrorNotAudio() throws {
        try withServedDaemon { folders, daemon, client in
            client.send(submitLine(id: 1, seconds: 1, extra: ",\"watch\":true"))
            let job = try #require(acceptedJob(client.stream(.integer(1), timeout: 300).first))
            let fetch = "{\"op\":\"fetch\",\"id\":2,\"job\":\"\(job)\",\"take\":0,\"level\":2}"
            guard case .audio? = client.request(fetch) else {
                Issue.record("the whole take was not served")
                return
            }
            let takes = try FileManager.default.contentsOfDirectory(atPath: folders.state + "/jobs/\(job)")
                .filter { $0.hasSuffix(".wav") }
            for take in takes { truncate(folders.state + "/jobs/\(job)/" + take, 4000) }
            #expect(
                errorCode(client.request(fetch.replacingOccurrences(of: "\"id\":2", with: "\"id\":3"))) == .internal)
            guard
                case .tokens? = client.request(
                    "{\"op\":\"fetch\",\"id\":4,\"job\":\"\(job)\",\"level\":2,\"tokens\":true}")
            else {
                Issue.record("the tokens were not served")
                return
            }
        }
    }

    @Test func aBundleHoldingAFIFOIsRefusedWithoutBlockingAndAReplacedOneIsReloaded() throws {
        let prepare = { (folders: DaemonFolders) throws in
            try FileManager.default.copyItem(atPath: folders.models + "/tiny", toPath: folders.models + "/piped")
            #expect(mkfifo(folders.models + "/piped/extra.safetensors", 0o644) == 0)
        }
        try withServedDaemon(prepare: prepare) { folders, daemon, client in
            let piped = client.request(
                submitLine(id: 1).replacingOccurrences(of: "\"tiny\"", with: "\"piped\""), timeout: 20)
            #expect(errorCode(piped) == .unknownModel, "\(String(describing: piped))")
            guard case .models? = client.request(#"{"op":"models","id":2}"#, timeout: 20) else {
                Issue.record("models blocked")
                return
            }
            // A bundle replaced by rename after it was loaded is loaded again for the next job.
            client.send(submitLine(id: 3, extra: ",\"watch\":true"))
            guard case .done? = client.stream(.integer(3), timeout: 300).last else { return }
            let config = folders.models + "/tiny/config.json"
            try FileManager.default.copyItem(atPath: config, toPath: config + ".new")
            #expect(rename(config + ".new", config) == 0)
            client.send(submitLine(id: 4, extra: ",\"watch\":true"))
            guard case .done? = client.stream(.integer(4), timeout: 300).last else {
                Issue.record("the job after the bundle changed did not finish")
                return
            }
            #expect(daemon.logLines.all.contains { $0.contains("model tiny: its files changed on disk") })
        }
    }
}

/// Runs `body` against a daemon on fresh folders with a greeted client; `prepare` changes the
/// folders before the daemon starts, `configure` its settings.
func withServedDaemon(
    prepare: (DaemonFolders) throws -> Void = { _ in }, configure: (inout DaemonConfiguration) -> Void = { _ in },
    _ body: (DaemonFolders, TestDaemon, TestClient) throws -> Void
) throws {
    try withTemporaryDirectory { root in
        let folders = try DaemonFolders(root: root)
        try prepare(folders)
        var configuration = folders.configuration()
        configure(&configuration)
        let daemon = try TestDaemon(configuration)
        defer { daemon.stop() }
        let client = try TestClient(folders.socket)
        _ = client.hello()
        try body(folders, daemon, client)
    }
}

/// Whether a new connection to `socket` is greeted and gets `status` answered.
func serves(_ socket: String) -> Bool {
    guard let client = try? TestClient(socket), client.hello() != nil,
        case .status? = client.request(#"{"op":"status","id":"alive"}"#)
    else { return false }
    return true
}

/// Overwrites the float32 data of every tensor of a safetensors file whose name starts
/// with `prefix` with NaN.
func poisonTensors(in path: String, named prefix: String) throws {
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    let headerLength = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    let header = try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + headerLength)])) as? [String: Any] ?? [:]
    var poisoned = 0
    for (name, value) in header where name.hasPrefix(prefix) {
        guard let entry = value as? [String: Any], entry["dtype"] as? String == "F32",
            let offsets = entry["data_offsets"] as? [Int]
        else { continue }
        for offset in stride(from: 8 + headerLength + offsets[0], to: 8 + headerLength + offsets[1], by: 4) {
            bytes.replaceSubrange(offset..<(offset + 4), with: [0x00, 0x00, 0xC0, 0x7F])
        }
        poisoned += 1
    }
    precondition(poisoned > 0, "no tensor named \(prefix)* in \(path)")
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}
