import Dispatch
import Foundation
import Glibc
import JukeboxAudio
import JukeboxDaemon
import JukeboxEngine
import JukeboxJSON
import JukeboxProtocol
import JukeboxWeights
import Synchronization

/// Collects the daemon's log lines and their fields.
final class LogLines: Sendable {
    private let entries = Mutex<[(line: String, fields: [String: String])]>([])
    var log: DaemonLog { DaemonLog(entries: { [self] line, fields in entries.withLock { $0.append((line, fields)) } }) }
    var all: [String] { entries.withLock { $0.map(\.line) } }
    /// The fields of the first line equal to `line`; nil when none is.
    func fields(of line: String) -> [String: String]? { entries.withLock { $0.first { $0.line == line }?.fields } }
}

/// A folder with a tiny random bundle in `models/tiny` and an empty `state`.
struct DaemonFolders {
    let root: String
    var models: String { root + "/models" }
    var state: String { root + "/state" }
    var socket: String { root + "/s.sock" }

    init(root: String) throws {
        self.root = root
        try FileManager.default.createDirectory(atPath: root + "/state", withIntermediateDirectories: true)
        try RandomBundle.write(
            config: TinyBundle.config(createdBy: "JukeboxDaemonTests"), labels: TinyBundle.labels,
            to: models + "/tiny", seed: 0)
    }

    /// The job folders in the state folder.
    var jobFolders: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: state + "/jobs")) ?? []).filter { !$0.hasPrefix(".") }
    }

    /// The settings of a daemon on these folders.
    func configuration(queueLimit: Int = 4) -> DaemonConfiguration {
        var configuration = DaemonConfiguration()
        configuration.socketPath = socket
        configuration.modelsDirectory = models
        configuration.stateDirectory = state
        configuration.queueLimit = queueLimit
        configuration.maxLineBytes = 1 << 20
        return configuration
    }
}

/// A daemon served in this process on its own thread.
final class TestDaemon: Sendable {
    let server: DaemonServer
    let logLines = LogLines()
    private let finished = DispatchSemaphore(value: 0)

    /// Rates the test daemons price jobs at, instead of measuring the machine in every test.
    static let rates = MachineRates(sgemmGFLOPS: 100, readGBps: 20, kernel: "fixed for tests")

    init(
        _ configuration: DaemonConfiguration, environment: [String: String] = [:], rates: MachineRates = rates,
        retentionInterval: Duration = .seconds(3600)
    ) throws {
        server = try DaemonServer(
            configuration: configuration, environment: environment, log: logLines.log, sendTimeoutSeconds: 2,
            machineRates: rates, retentionInterval: retentionInterval)
        let thread = Thread { [server, finished] in
            server.run()
            finished.signal()
        }
        thread.start()
    }

    /// Stops the daemon as SIGTERM does and waits until `run()` returned.
    func stop() {
        server.stop()
        finished.wait()
    }
}

/// A protocol client on a plain socket.
final class TestClient {
    let fd: Int32
    private var buffer: [UInt8] = []
    private let parser = ProtocolLimits.parser()

    /// Connects to `path`; the greeting is read by ``hello()``.
    init(_ path: String) throws {
        fd = connectTo(path)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno)!) }
    }

    deinit { Glibc.close(fd) }

    /// Sends `text` and a newline.
    func send(_ text: String) {
        let bytes = Array((text + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard n > 0 else { return }
            offset += n
        }
    }

    /// The next line, or nil after `timeout` seconds or at end of stream.
    func line(timeout: Double = 60) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeFirst(newline + 1)
                return line
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return nil }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(left * 1000) + 1) > 0 else { return nil }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { return nil }
            buffer.append(contentsOf: chunk[..<n])
        }
    }

    /// The next reply, parsed.
    func reply(timeout: Double = 60) -> Reply? {
        guard let line = line(timeout: timeout) else { return nil }
        return try? Reply(line: Array(line.utf8), parser: parser)
    }

    /// The greeting.
    func hello() -> Hello? {
        guard case .hello(let hello)? = reply()?.body else { return nil }
        return hello
    }

    /// Sends a request and returns the first reply with its id (skipping other ids' lines).
    func request(_ text: String, timeout: Double = 60) -> ReplyBody? {
        let id = RequestID.peek(in: (try? parser.parse(text)) ?? .null)
        send(text)
        let deadline = Date().addingTimeInterval(timeout)
        while deadline.timeIntervalSinceNow > 0 {
            guard let reply = reply(timeout: deadline.timeIntervalSinceNow) else { return nil }
            if reply.id == id { return reply.body }
        }
        return nil
    }

    /// Reads replies for `id` until one ends the stream (done, failed, cancelled, error).
    func stream(_ id: RequestID, timeout: Double = 120) -> [ReplyBody] {
        var bodies: [ReplyBody] = []
        let deadline = Date().addingTimeInterval(timeout)
        while deadline.timeIntervalSinceNow > 0, let reply = reply(timeout: deadline.timeIntervalSinceNow) {
            guard reply.id == id else { continue }
            bodies.append(reply.body)
            switch reply.body {
            case .done, .failed, .cancelled, .error: return bodies
            default: continue
            }
        }
        return bodies
    }
}

/// The error code of a reply, or nil when it is not an error.
func errorCode(_ body: ReplyBody?) -> ErrorCode? {
    guard case .error(let error)? = body else { return nil }
    return error.code
}

/// The job of an `accepted` reply.
func acceptedJob(_ body: ReplyBody?) -> JobID? {
    guard case .accepted(let accepted)? = body else { return nil }
    return accepted.job
}

/// Polls `condition` every 20 ms for up to `timeout` seconds.
func eventually(timeout: Double = 60, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while deadline.timeIntervalSinceNow > 0 {
        if condition() { return true }
        usleep(20_000)
    }
    return condition()
}

/// A submit request line for the tiny bundle: `seconds` of top-level tokens only (fast).
func submitLine(id: Int, seconds: Double = 0.5, takes: Int = 1, levels: String = "[2]", extra: String = "") -> String {
    "{\"op\":\"submit\",\"id\":\(id),\"model\":\"tiny\",\"mode\":\"ancestral\",\"seconds\":\(seconds),"
        + "\"takes\":\(takes),\"seed\":1,\"levels\":\(levels)\(extra)}"
}

/// Runs `body` with a daemon served on `folders` and a client that has read the greeting;
/// the daemon is stopped when `body` returns or throws.
func withDaemon<T>(
    _ folders: DaemonFolders, rates: MachineRates = TestDaemon.rates, _ body: (TestDaemon, TestClient) throws -> T
) throws -> T {
    let daemon = try TestDaemon(folders.configuration(), rates: rates)
    defer { daemon.stop() }
    let client = try TestClient(folders.socket)
    _ = client.hello()
    return try body(daemon, client)
}

/// Runs one short job (0.1 s of level 2) to its end on a daemon that is stopped afterwards, and
/// returns the job's id.
func finishedJob(in folders: DaemonFolders) throws -> JobID? {
    try withDaemon(folders) { _, client in
        client.send(submitLine(id: 1, seconds: 0.1, extra: ",\"watch\":true"))
        return acceptedJob(client.stream(.integer(1), timeout: 300).first)
    }
}

/// A mono 16-bit WAV of `frames` samples of a quiet tone at 22.05 kHz, as base64 for `primer_base64`.
func toneWAVBase64(frames: Int) throws -> String {
    let tone = (0..<frames).map { Float(sin(Double($0) * 0.05)) * 0.3 }
    let wav = try AudioWriter.encode(
        AudioBuffer(samples: tone, channels: 1, sampleRateHz: 22_050), format: .wav(.pcm16))
    return Data(wav).base64EncodedString()
}
