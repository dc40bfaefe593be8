import Foundation
import JukeboxJSON
import JukeboxProtocol

/// Handles the requests of connections; the daemon's ``RequestHandler``, or a stand-in in tests.
protocol RequestHandling: Sendable {
    /// Answers `request` from `connection`, on the connection's reading thread.
    func handle(_ request: Request, from connection: ClientConnection)
}

/// One client connection: a reading thread that frames, parses and dispatches request lines,
/// and an ``Outbox`` whose thread writes replies and events.
///
/// The connection stays open after the client closes its sending side while any job stream
/// it watches is still going (`socat` closes its side when its input ends), and closes once
/// the last stream ended and everything is written. A client that vanishes is noticed when a
/// write fails; its jobs go on.
///
/// Reading is bounded in time and memory: a connection that watches no job and sends nothing
/// for ``Timeouts/idle``, or leaves a line unfinished for ``Timeouts/line``, gets `timeout`
/// and is closed; the bytes of its unfinished line count against the daemon's
/// ``ConnectionLimits`` budget, and a line that would go past it gets `busy` and closes the
/// connection.
final class ClientConnection: Sendable {
    /// How long reading may wait.
    struct Timeouts: Sendable {
        /// The longest silence while no job is watched.
        var idle: Duration
        /// The longest time from a line's first byte to its newline.
        var line: Duration
        /// No timeouts (tests that hold connections open).
        static let none = Timeouts(idle: .seconds(1 << 40), line: .seconds(1 << 40))
    }

    /// The socket.
    let fd: Int32
    /// Who connected, from `SO_PEERCRED`.
    let peer: PeerCredentials
    /// Replies and events waiting to be written.
    let outbox: Outbox

    private struct State {
        /// Job streams (watches) still going on this connection.
        var streams = 0
        /// The client closed its sending side (or reading failed).
        var readDone = false
        /// Threads (reader, writer) that have not ended; the last closes the socket.
        var threadsLeft = 2
    }

    private let state = Locked(State())
    private let greeting: [UInt8]
    private let maxLineBytes: Int
    private let handler: any RequestHandling
    private let onClose: @Sendable (ClientConnection) -> Void
    private let limits: ConnectionLimits?
    private let timeouts: Timeouts

    /// A connection on accepted socket `fd`.
    /// - Parameters:
    ///   - fd: The accepted socket; the connection closes it.
    ///   - peer: Its credentials.
    ///   - hello: The greeting sent first.
    ///   - handler: Answers requests.
    ///   - sendTimeoutSeconds: How long a write may make no progress before the client counts
    ///     as gone (`SO_SNDTIMEO`).
    ///   - limits: The budget of unfinished line bytes shared by all connections; nil for none.
    ///   - timeouts: How long reading may wait.
    ///   - onClose: Called once, after both threads ended and the socket is closed.
    init(
        fd: Int32, peer: PeerCredentials, hello: Hello, handler: any RequestHandling, sendTimeoutSeconds: Double,
        limits: ConnectionLimits? = nil, timeouts: Timeouts = .none,
        onClose: @escaping @Sendable (ClientConnection) -> Void
    ) {
        self.limits = limits
        self.timeouts = timeouts
        self.fd = fd
        self.peer = peer
        self.outbox = Outbox(fd: fd)
        self.greeting = Reply(id: nil, body: .hello(hello)).line
        self.maxLineBytes = hello.limits.maxLineBytes
        self.handler = handler
        self.onClose = onClose
        var timeout = timeval(
            tv_sec: Int(sendTimeoutSeconds), tv_usec: Int((sendTimeoutSeconds.truncatingRemainder(dividingBy: 1)) * 1e6)
        )
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Starts the reading and writing threads.
    func start() {
        let writer = Thread { [self] in
            outbox.runWriter()
            threadEnded()
        }
        writer.name = "jukeboxd-write-\(fd)"
        writer.start()
        let reader = Thread { [self] in
            readLoop()
            threadEnded()
        }
        reader.name = "jukeboxd-read-\(fd)"
        reader.start()
    }

    /// Sends a reply to one of this connection's requests (waits while the backlog is large).
    func reply(_ id: RequestID?, _ body: ReplyBody) {
        outbox.send(Reply(id: id, body: body).line)
    }

    /// Stops reading new requests (at shutdown); streams being watched still end properly.
    func stopReading() {
        shutdown(fd, Int32(SHUT_RD))
    }

    /// Counts a job stream that starts on this connection.
    func streamStarted() {
        state.withLock { $0.streams += 1 }
    }

    /// Counts a job stream that ended; closes the connection when the client is done sending
    /// and no stream is left.
    func streamEnded() {
        let close = state.withLock { state -> Bool in
            state.streams -= 1
            return state.readDone && state.streams == 0
        }
        if close { outbox.closeWhenDrained() }
    }

    /// The reading thread: greeting, then lines until end of input, a timeout, or a line the
    /// byte budget cannot hold.
    private func readLoop() {
        outbox.send(greeting)
        var framer = LineFramer(maxLineBytes: maxLineBytes)
        let parser = ProtocolLimits.parser(maxLineBytes: maxLineBytes)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var held = 0  // bytes of the unfinished line counted in the shared budget
        var lastActivity = ContinuousClock.now
        var lineStarted: ContinuousClock.Instant? = nil
        var endOfInput = false
        reading: while !outbox.hasFailed {
            var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let polled = poll(&ready, 1, 250)
            if polled < 0, errno == EINTR { continue }
            if polled < 0 { break }
            let now = ContinuousClock.now
            // The line's time runs from its first byte, however slowly the rest drips in.
            if let lineStarted, now - lineStarted > timeouts.line {
                refuse(.timeout, "a request line was left unfinished for over \(timeouts.line); closing")
                break
            }
            if polled == 0 {
                if !isWatching, now - lastActivity > timeouts.idle {
                    refuse(.timeout, "nothing was sent for \(timeouts.idle) and no job is watched; closing")
                    break
                }
                continue
            }
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR || errno == EAGAIN { continue }
            if count <= 0 {
                endOfInput = true
                break
            }
            let events = chunk.withUnsafeBytes { framer.push(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            let buffered = framer.bufferedBytes
            if buffered != held {
                guard limits?.rebuffer(from: held, to: buffered) ?? true else {
                    refuse(.busy, "the daemon holds too many unfinished request lines; closing")
                    break reading
                }
                held = buffered
            }
            if !events.isEmpty { lineStarted = nil }
            if framer.hasPartialLine, lineStarted == nil { lineStarted = now }
            for event in events { dispatch(event, parser: parser) }
            lastActivity = ContinuousClock.now
        }
        _ = limits?.rebuffer(from: held, to: 0)
        if endOfInput, let last = framer.finish() { dispatch(last, parser: parser) }
        let close = state.withLock { state -> Bool in
            state.readDone = true
            return state.streams == 0
        }
        if close { outbox.closeWhenDrained() }
    }

    /// Whether a job stream is being watched on this connection.
    private var isWatching: Bool { state.withLock { $0.streams > 0 } }

    /// Tells the client why the daemon stops reading from it.
    private func refuse(_ code: ErrorCode, _ reason: String) {
        reply(nil, .error(ErrorReply(code: code, message: reason)))
    }

    /// Answers one framed line: an error for a bad one, the handler for a good one.
    private func dispatch(_ event: FramerEvent, parser: JSONParser) {
        switch event {
        case .oversized(let bytes):
            reply(
                nil,
                .error(
                    ErrorReply(
                        code: .lineTooLong,
                        message: "line of \(bytes) bytes is longer than max_line_bytes (\(maxLineBytes)); skipped")))
        case .line(let bytes):
            let message: JSONValue
            do {
                message = try parser.parse(bytes)
            } catch {
                reply(nil, .error(MessageError.json(error).errorReply))
                return
            }
            let request: Request
            do {
                request = try Request(decoding: message)
            } catch {
                reply(RequestID.peek(in: message), .error(error.errorReply))
                return
            }
            handler.handle(request, from: self)
        }
    }

    /// Closes the socket when both threads have ended.
    private func threadEnded() {
        let last = state.withLock { state -> Bool in
            state.threadsLeft -= 1
            return state.threadsLeft == 0
        }
        guard last else { return }
        Glibc.close(fd)
        onClose(self)
    }
}
