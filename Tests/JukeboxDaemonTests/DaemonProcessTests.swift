import Foundation
import Glibc
import JukeboxDaemon
import JukeboxJSON
import JukeboxProtocol
import JukeboxTestSupport
import Testing

/// The `jukeboxd` executable built beside the tests, or nil.
func jukeboxdExecutable() -> String? {
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for folder in [beside, beside.deletingLastPathComponent()] {
        let path = folder.appendingPathComponent("jukeboxd").path
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}

/// Runs `arguments` with `input` on standard input; returns what it wrote on standard output.
private func runWithInput(_ arguments: [String], input: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: arguments[0])
    process.arguments = Array(arguments.dropFirst())
    let stdin = Pipe()
    let stdout = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    let data = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

/// The replies in `output`, by id.
private func replies(_ output: String) -> [RequestID: ReplyBody] {
    var result: [RequestID: ReplyBody] = [:]
    for line in output.split(separator: "\n") {
        guard let reply = try? Reply(line: Array(line.utf8), parser: ProtocolLimits.parser()), let id = reply.id
        else { continue }
        result[id] = reply.body
    }
    return result
}

/// Datagrams from a notify socket until `timeout` seconds pass.
private func datagrams(_ fd: Int32, until predicate: ([String]) -> Bool, timeout: Double = 30) -> [String] {
    var messages: [String] = []
    let deadline = Date().addingTimeInterval(timeout)
    while deadline.timeIntervalSinceNow > 0, !predicate(messages) {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 100) > 0 else { continue }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n > 0 { messages += String(decoding: buffer[..<n], as: UTF8.self).split(separator: "\n").map(String.init) }
    }
    return messages
}

extension DaemonServerTests {
    @Test func usersSeeOnlyTheirOwnJobsAndRootSeesAll() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            let daemon = try TestDaemon(folders.configuration())
            defer { daemon.stop() }
            chmod(root, 0o755)
            chmod(folders.socket, 0o666)
            try write("not really audio", to: root + "/secret.wav")
            chmod(root + "/secret.wav", 0o600)
            let client = try TestClient(folders.socket)
            _ = client.hello()
            client.send(submitLine(id: 1, seconds: 0.1, extra: ",\"watch\":true"))
            let rootJob = try #require(acceptedJob(client.stream(.integer(1), timeout: 300).first))

            let lines = [
                "{\"op\":\"submit\",\"id\":1,\"model\":\"tiny\",\"mode\":\"ancestral\",\"seconds\":0.1,\"levels\":[2],\"takes\":1}",
                "{\"op\":\"jobs\",\"id\":2}",
                "{\"op\":\"watch\",\"id\":3,\"job\":\"\(rootJob)\"}",
                "{\"op\":\"cancel\",\"id\":4,\"job\":\"\(rootJob)\"}",
                "{\"op\":\"fetch\",\"id\":5,\"job\":\"\(rootJob)\",\"level\":2}",
                "{\"op\":\"submit\",\"id\":6,\"model\":\"tiny\",\"mode\":\"primed\",\"seconds\":1,\"primer_path\":\"\(root)/secret.wav\"}",
                "{\"op\":\"submit\",\"id\":7,\"model\":\"tiny\",\"mode\":\"primed\",\"seconds\":1,\"primer_path\":\"/root/x.wav\"}",
            ]
            let output = try runWithInput(
                [
                    "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/socat", "-t",
                    "10",
                    "-", "UNIX-CONNECT:" + folders.socket,
                ], input: lines.joined(separator: "\n") + "\n")
            let answers = replies(output)
            let ownJob = try #require(acceptedJob(answers[.integer(1)]), "nobody's replies: \(output)")
            guard case .jobs(let seen)? = answers[.integer(2)] else {
                Issue.record("no jobs reply: \(output)")
                return
            }
            #expect(seen.map(\.job) == [ownJob])
            #expect(errorCode(answers[.integer(3)]) == .notFound)
            #expect(errorCode(answers[.integer(4)]) == .notFound)
            #expect(errorCode(answers[.integer(5)]) == .notFound)
            #expect(errorCode(answers[.integer(6)]) == .forbidden)
            #expect(errorCode(answers[.integer(7)]) == .forbidden)

            guard case .jobs(let all)? = client.request("{\"op\":\"jobs\",\"id\":9}") else { return }
            #expect(Set(all.map(\.job)) == [rootJob, ownJob])
            let record = try String(contentsOfFile: folders.state + "/jobs/\(ownJob)/job.json", encoding: .utf8)
            #expect(record.contains("\"owner\" : 65534"))
        }
    }

    @Test(.enabled(if: jukeboxdExecutable() != nil))
    func sigtermStopsServeResumablyAndSystemdIsTold() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            let notify = boundSocket(root + "/notify", type: SOCK_DGRAM)
            defer { close(notify) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: jukeboxdExecutable()!)
            process.arguments = [
                "serve", "--no-config", "--socket", folders.socket, "--models", folders.models, "--state",
                folders.state,
                "--threads", "1",
            ]
            process.environment = ["NOTIFY_SOCKET": root + "/notify", "WATCHDOG_USEC": "1000000"]
            let stderr = Pipe()
            process.standardError = stderr
            try process.run()
            let ready = datagrams(notify, until: { $0.contains("READY=1") })
            #expect(ready.contains("READY=1"))
            let client = try TestClient(folders.socket)
            _ = client.hello()
            client.send(submitLine(id: 1, seconds: 60, extra: ",\"watch\":true"))
            let job = try #require(acceptedJob(client.reply()?.body))
            let running = datagrams(
                notify, until: { $0.contains("WATCHDOG=1") && $0.contains { $0.hasPrefix("STATUS=job \(job)") } })
            #expect(running.contains("WATCHDOG=1"))
            #expect(running.contains { $0.hasPrefix("STATUS=job \(job)") })
            #expect(
                eventually { FileManager.default.fileExists(atPath: folders.state + "/jobs/\(job)/tokens-level-2.bin") }
            )

            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(datagrams(notify, until: { $0.contains("STOPPING=1") }, timeout: 5).contains("STOPPING=1"))
            #expect(errorCode(client.stream(.integer(1)).last) == .shuttingDown)
            let record = try String(contentsOfFile: folders.state + "/jobs/\(job)/job.json", encoding: .utf8)
            #expect(record.contains("\"state\" : \"running\""))
            #expect(!FileManager.default.fileExists(atPath: folders.socket))
            let log = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(log.contains("job \(job): interrupted by shutdown"))
        }
    }

    @Test(
        .enabled(
            if: jukeboxdExecutable() != nil
                && FileManager.default.fileExists(atPath: "/usr/bin/systemd-socket-activate")))
    func servesTheSocketSystemdPasses() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            let socketPath = root + "/activated.sock"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/systemd-socket-activate")
            process.arguments = [
                "-l", socketPath, jukeboxdExecutable()!, "serve", "--no-config", "--socket", root + "/unused.sock",
                "--models", folders.models, "--state", folders.state,
            ]
            let stderr = Pipe()
            process.standardError = stderr
            try process.run()
            #expect(eventually(timeout: 10) { FileManager.default.fileExists(atPath: socketPath) })
            let client = try TestClient(socketPath)
            #expect(client.hello() != nil)
            guard case .status? = client.request("{\"op\":\"status\",\"id\":1}") else {
                Issue.record("no status over the activated socket")
                return
            }
            #expect(!FileManager.default.fileExists(atPath: root + "/unused.sock"))
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let log = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(log.contains("listening on the socket systemd passed"))
        }
    }
}
