import Foundation
import JukeboxJSON
import JukeboxProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// What the scripted daemon does next.
enum Step: Sendable {
    /// Reads one request line and records it; at end of stream, records nothing and stops.
    case read
    /// Sends a line (a `\n` is added).
    case send(String)
    /// Sends raw bytes as they are.
    case sendRaw([UInt8])
    /// Runs an action (such as pressing ^C on the client's interrupt pipe).
    case action(@Sendable () -> Void)
}

/// A fake daemon on a real Unix socket: accepts one connection on a thread, sends a greeting,
/// then plays its script and closes the connection.
final class ScriptedServer: @unchecked Sendable {
    /// The socket path.
    let path: String
    /// The listening socket.
    private let listenFD: Int32
    /// Guards ``lines``.
    private let lock = NSLock()
    /// The request lines read so far.
    private var lines: [String] = []
    /// Signalled when the script has run.
    private let finished = DispatchSemaphore(value: 0)

    /// The requests read, parsed.
    var requests: [JSONValue] {
        lock.withLock { lines }.map { try! JSONParser().parse($0) }
    }

    /// Starts a server that greets with `greeting` (nil: the script sends it), then plays `script`.
    init(greeting: String? = ScriptedServer.hello(), script: [Step]) {
        path = "/tmp/jukebox-client-test-\(UUID().uuidString.prefix(12)).sock"
        listenFD = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        precondition(listenFD >= 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listenFD, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        precondition(bound == 0 && listen(listenFD, 4) == 0)
        let listener = listenFD
        Thread { [self] in
            let fd = accept(listener, nil, nil)
            if fd >= 0 {
                if let greeting { Self.write(fd, Array((greeting + "\n").utf8)) }
                play(script, on: fd)
                close(fd)
            }
            finished.signal()
        }.start()
    }

    deinit {
        close(listenFD)
        unlink(path)
    }

    /// Waits for the script to end (at most 10 s).
    func wait() {
        _ = finished.wait(timeout: .now() + 10)
    }

    /// Runs the steps on the connection `fd`.
    private func play(_ script: [Step], on fd: Int32) {
        var buffer: [UInt8] = []
        for step in script {
            switch step {
            case .read:
                guard let line = Self.readLine(fd, &buffer) else { return }
                lock.withLock { lines.append(line) }
            case .send(let line): Self.write(fd, Array((line + "\n").utf8))
            case .sendRaw(let bytes): Self.write(fd, bytes)
            case .action(let action): action()
            }
        }
    }

    /// Reads up to the next `\n`; nil at end of stream.
    private static func readLine(_ fd: Int32, _ buffer: inout [UInt8]) -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            buffer += chunk[..<count]
        }
    }

    /// Writes all of `bytes`, ignoring a client that has gone.
    private static func write(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes {
                send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { return }
            offset += count
        }
    }

    /// A greeting line.
    static func hello(
        protocolVersion: Int = 1, operations: [JukeboxProtocol.Operation] = JukeboxProtocol.Operation.allCases,
        maxLineBytes: Int = ProtocolLimits.defaultMaxLineBytes
    ) -> String {
        let limits = ServerLimits(maxLineBytes: maxLineBytes, maxPrimerSeconds: 60, queueLimit: 16)
        return reply(nil, .hello(Hello(protocolVersion: protocolVersion, operations: operations, limits: limits)))
    }
}

/// A reply line (without `\n`) for request `id`.
func reply(_ id: Int64?, _ body: ReplyBody) -> String {
    Reply(id: id.map { .integer($0) }, body: body).jsonValue.serialized()
}

/// An error reply line.
func errorReply(_ id: Int64, _ code: ErrorCode, _ message: String, field: String? = nil) -> String {
    reply(id, .error(ErrorReply(code: code, message: message, field: field)))
}

/// A job id known to be well-formed.
func job(_ text: String) -> JobID {
    JobID(text)!
}
