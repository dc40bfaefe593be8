import JukeboxJSON
import JukeboxProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// A blocking connection to jukeboxd: connect, read the greeting, then send requests and read
/// the replies one line at a time.
///
/// Requests get integer ids counted from 1. The client keeps one request in flight at a time,
/// so every reply it reads belongs to the last request sent. An optional interrupt descriptor
/// (the read end of a pipe a SIGINT handler writes to) makes a blocked read stop with
/// ``ClientError/interrupted(job:)``.
public final class Connection {
    /// The socket path connected to.
    public let path: String
    /// The daemon's greeting.
    public let hello: Hello
    /// The connected socket.
    private let fd: Int32
    /// Readable when the user interrupts; polled with the socket.
    private let interruptFD: Int32?
    /// Cuts the incoming bytes into lines.
    private var framer: LineFramer
    /// Parses reply lines, within the line limit.
    private let parser: JSONParser
    /// Lines already framed but not yet returned.
    private var pending: [FramerEvent] = []
    /// Whether the daemon has closed its side.
    private var atEnd = false
    /// The id of the next request.
    private var nextID: Int64 = 1

    /// The size of one read from the socket.
    private static let chunkBytes = 64 << 10

    /// Connects to the daemon at `path` and reads its greeting.
    /// - Parameters:
    ///   - path: The daemon's socket.
    ///   - interruptFD: A descriptor that becomes readable when the user interrupts, or nil.
    /// - Throws: ``ClientError/cannotConnect(path:errno:)``,
    ///   ``ClientError/socketPathTooLong(path:limit:)``, ``ClientError/protocolMismatch(server:client:)``,
    ///   ``ClientError/badReply(reason:)`` for a greeting that is not one, or a read error.
    public init(path: String, interruptFD: Int32? = nil) throws(ClientError) {
        self.path = path
        self.interruptFD = interruptFD
        fd = try Self.connect(path)
        var greeting = LineFramer(maxLineBytes: ProtocolLimits.defaultMaxLineBytes)
        var leftover: [UInt8] = []
        var hello: Hello?
        do {
            hello = try Self.readGreeting(fd: fd, interruptFD: interruptFD, framer: &greeting, leftover: &leftover)
        } catch {
            Glibc.close(fd)
            throw error
        }
        guard let hello else {
            Glibc.close(fd)
            throw .connectionLost
        }
        guard hello.protocolVersion == JukeboxVersion.protocolVersion else {
            Glibc.close(fd)
            throw .protocolMismatch(server: hello.protocolVersion, client: JukeboxVersion.protocolVersion)
        }
        self.hello = hello
        let limit = min(max(hello.limits.maxLineBytes, ProtocolLimits.minMaxLineBytes), ProtocolLimits.maxMaxLineBytes)
        framer = LineFramer(maxLineBytes: limit)
        parser = ProtocolLimits.parser(maxLineBytes: limit)
        pending = framer.push(leftover)
    }

    deinit {
        Glibc.close(fd)
    }

    /// Sends one request.
    /// - Parameter body: The operation and its fields.
    /// - Returns: The id given to the request.
    /// - Throws: ``ClientError/unsupported(operation:served:)`` when the greeting does not list
    ///   the operation, ``ClientError/requestTooLarge(bytes:limit:)``, or a write error.
    @discardableResult
    public func send(_ body: RequestBody) throws(ClientError) -> RequestID {
        guard hello.operations.contains(body.operation) else {
            throw .unsupported(operation: body.operation, served: hello.operations)
        }
        let id = RequestID.integer(nextID)
        nextID += 1
        var bytes = Request(id: id, body: body).jsonValue.serializedBytes()
        guard bytes.count <= hello.limits.maxLineBytes else {
            throw .requestTooLarge(bytes: bytes.count, limit: hello.limits.maxLineBytes)
        }
        bytes.append(UInt8(ascii: "\n"))
        try writeAll(bytes)
        return id
    }

    /// Reads the next reply. Lines of a kind this release does not know are skipped.
    /// - Returns: The reply and its line as received (without `\n`).
    /// - Throws: ``ClientError/connectionLost`` at end of stream, ``ClientError/badReply(reason:)``
    ///   for a line that is not a reply, ``ClientError/interrupted(job:)``, or a read error.
    public func receive() throws(ClientError) -> ReceivedReply {
        while true {
            if !pending.isEmpty {
                if let reply = try decode(pending.removeFirst()) { return reply }
                continue
            }
            if atEnd { throw .connectionLost }
            if let chunk = try Self.readChunk(fd: fd, interruptFD: interruptFD) {
                pending = framer.push(chunk)
            } else {
                atEnd = true
                if let last = framer.finish() { pending = [last] }
            }
        }
    }

    /// Reads one framed line as a reply; nil for a kind this release does not know.
    private func decode(_ event: FramerEvent) throws(ClientError) -> ReceivedReply? {
        switch event {
        case .oversized(let bytes):
            throw .badReply(reason: "a line of \(bytes) bytes, over the limit of \(framer.maxLineBytes)")
        case .line(let line):
            do {
                return ReceivedReply(reply: try Reply(line: line, parser: parser), line: line)
            } catch {
                if case .unknownOperation = error { return nil }
                throw .badReply(reason: error.description)
            }
        }
    }

    /// Opens the socket and connects it to `path`.
    private static func connect(_ path: String) throws(ClientError) -> Int32 {
        var address = sockaddr_un()
        let maxPathBytes = MemoryLayout.size(ofValue: address.sun_path) - 1
        let bytes = Array(path.utf8)
        guard bytes.count <= maxPathBytes else { throw .socketPathTooLong(path: path, limit: maxPathBytes) }
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .cannotConnect(path: path, errno: errno) }
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let error = errno
            Glibc.close(fd)
            throw .cannotConnect(path: path, errno: error)
        }
        return fd
    }

    /// Reads up to the end of the first line and returns it as a greeting; the bytes after
    /// that line go to `leftover`. Nil when the daemon closes first.
    private static func readGreeting(
        fd: Int32, interruptFD: Int32?, framer: inout LineFramer, leftover: inout [UInt8]
    ) throws(ClientError) -> Hello? {
        while let chunk = try readChunk(fd: fd, interruptFD: interruptFD) {
            var rest = chunk[...]
            while let newline = rest.firstIndex(of: UInt8(ascii: "\n")) {
                let events = framer.push(Array(rest[...newline]))
                rest = rest[(newline + 1)...]
                guard let event = events.first else { continue }  // an empty line
                leftover = Array(rest)
                guard case .line(let line) = event else {
                    throw .badReply(reason: "the greeting is longer than \(framer.maxLineBytes) bytes")
                }
                return try greeting(line)
            }
            _ = framer.push(Array(rest))
        }
        return nil
    }

    /// Reads a line as the daemon's greeting.
    private static func greeting(_ line: [UInt8]) throws(ClientError) -> Hello {
        let reply: Reply
        do {
            reply = try Reply(line: line, parser: ProtocolLimits.parser())
        } catch {
            throw .badReply(reason: "not a jukeboxd greeting: \(error)")
        }
        guard case .hello(let hello) = reply.body else {
            throw .badReply(reason: "the first line is \"\(reply.body.type)\", not the greeting \"hello\"")
        }
        return hello
    }

    /// Waits for the socket or the interrupt descriptor, then reads what the socket has.
    /// - Returns: The bytes read, or nil at end of stream.
    private static func readChunk(fd: Int32, interruptFD: Int32?) throws(ClientError) -> [UInt8]? {
        while true {
            var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
            if let interruptFD { fds.append(pollfd(fd: interruptFD, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                throw .socketIO(call: "poll", errno: errno)
            }
            // What the daemon has already sent is read before an interrupt is honoured.
            guard fds[0].revents != 0 else {
                if fds.count > 1, fds[1].revents != 0 { throw .interrupted(job: nil) }
                continue
            }
            var buffer = [UInt8](repeating: 0, count: chunkBytes)
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 { return Array(buffer[..<count]) }
            if count == 0 { return nil }
            if errno == EINTR || errno == EAGAIN { continue }
            if errno == ECONNRESET { return nil }
            throw .socketIO(call: "recv", errno: errno)
        }
    }

    /// Writes every byte of `bytes` to the socket.
    private func writeAll(_ bytes: [UInt8]) throws(ClientError) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if count >= 0 {
                offset += count
                continue
            }
            if errno == EINTR { continue }
            if errno == EPIPE || errno == ECONNRESET { throw .connectionLost }
            throw .socketIO(call: "send", errno: errno)
        }
    }
}

/// A reply as read from the socket.
public struct ReceivedReply: Sendable {
    /// The decoded reply.
    public let reply: Reply
    /// Its line exactly as the daemon sent it, without the `\n`.
    public let line: [UInt8]
}
