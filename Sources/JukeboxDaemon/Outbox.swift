import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// The lines waiting to be written to one connection, written in order by the connection's
/// writer thread (``runWriter()``), so that no other thread ever blocks on a slow client.
///
/// Two kinds of line go in:
/// - replies to the connection's own requests (``send(_:)``): always queued; the reading
///   thread then waits while more than ``replyBacklogBytes`` are unwritten, so a client that
///   pipelines requests without reading is slowed down, not buffered without bound;
/// - job events for watchers (``offer(_:)``): never wait. When ``maxPendingEvents`` events
///   are already unwritten the client is too slow: the connection fails and the caller drops
///   the watcher.
///
/// A write that makes no progress for the socket's send timeout (`SO_SNDTIMEO`) or fails
/// (the peer is gone) fails the connection too: both directions are shut down, which ends
/// the reading thread as well.
final class Outbox: Sendable {
    /// The most job events queued and unwritten before the connection counts as stalled.
    let maxPendingEvents: Int
    /// The unwritten reply bytes above which ``send(_:)`` waits for the writer.
    let replyBacklogBytes: Int
    /// The connection.
    let fd: Int32

    private struct State {
        var lines: [[UInt8]] = []
        var head = 0
        var eventFlags: [Bool] = []
        var pendingBytes = 0
        var pendingEvents = 0
        /// Close after the last queued line is written.
        var closing = false
        /// Writing failed or the connection was dropped: nothing more is written.
        var failed = false
        /// The reading thread waits in ``send(_:)`` for the backlog to shrink.
        var senderWaiting = false
    }

    private let state = Locked(State())
    /// Signalled once per queued line and once for closing or failing.
    private let wake = DispatchSemaphore(value: 0)
    /// Signalled when a waiting sender may go on.
    private let drained = DispatchSemaphore(value: 0)

    /// An outbox for connected socket `fd`.
    init(fd: Int32, maxPendingEvents: Int = 256, replyBacklogBytes: Int = 16 << 20) {
        self.fd = fd
        self.maxPendingEvents = maxPendingEvents
        self.replyBacklogBytes = replyBacklogBytes
    }

    /// Whether the connection has failed.
    var hasFailed: Bool { state.withLock { $0.failed } }

    /// Queues a reply line, then waits while the unwritten backlog is too large.
    /// - Returns: false when the connection has failed or is closing (the line is dropped).
    @discardableResult
    func send(_ line: [UInt8]) -> Bool {
        let mustWait = state.withLock { state -> Bool? in
            guard !state.failed, !state.closing else { return nil }
            state.lines.append(line)
            state.eventFlags.append(false)
            state.pendingBytes += line.count
            let wait = state.pendingBytes > replyBacklogBytes
            state.senderWaiting = wait
            return wait
        }
        guard let mustWait else { return false }
        wake.signal()
        if mustWait { drained.wait() }
        return !hasFailed
    }

    /// Queues a line without waiting: a job event, or a reply that must be queued while the
    /// caller holds a lock (the `accepted` of a watching `submit`).
    /// - Parameters:
    ///   - line: The line, with its newline.
    ///   - event: Whether it counts against ``maxPendingEvents``.
    /// - Returns: false when the connection has failed or is closing, or when it is too far
    ///   behind (it is failed then): the caller drops the watcher.
    func offer(_ line: [UInt8], event: Bool = true) -> Bool {
        enum Outcome { case queued, refused, stalled }
        let outcome = state.withLock { state -> Outcome in
            guard !state.failed, !state.closing else { return .refused }
            guard !event || state.pendingEvents < maxPendingEvents else { return .stalled }
            state.lines.append(line)
            state.eventFlags.append(event)
            state.pendingBytes += line.count
            if event { state.pendingEvents += 1 }
            return .queued
        }
        switch outcome {
        case .queued:
            wake.signal()
            return true
        case .refused:
            return false
        case .stalled:
            fail()
            return false
        }
    }

    /// Closes the connection once every queued line is written.
    func closeWhenDrained() {
        let changed = state.withLock { state -> Bool in
            guard !state.closing, !state.failed else { return false }
            state.closing = true
            return true
        }
        if changed { wake.signal() }
    }

    /// Drops everything queued and shuts the socket down in both directions, which wakes the
    /// reading thread; the writer thread ends.
    func fail() {
        let (changed, waiting) = state.withLock { state -> (Bool, Bool) in
            guard !state.failed else { return (false, false) }
            state.failed = true
            state.lines = []
            state.eventFlags = []
            state.head = 0
            state.pendingBytes = 0
            state.pendingEvents = 0
            let waiting = state.senderWaiting
            state.senderWaiting = false
            return (true, waiting)
        }
        guard changed else { return }
        shutdown(fd, Int32(SHUT_RDWR))
        if waiting { drained.signal() }
        wake.signal()
    }

    /// The writer thread's loop: writes queued lines in order until the outbox is closed and
    /// drained, or fails. The caller closes the descriptor afterwards.
    func runWriter() {
        while true {
            wake.wait()
            enum Next {
                case write([UInt8])
                case finish, idle
            }
            let next = state.withLock { state -> Next in
                if state.failed { return .finish }
                if state.head < state.lines.count {
                    let line = state.lines[state.head]
                    state.head += 1
                    return .write(line)
                }
                return state.closing ? .finish : .idle
            }
            switch next {
            case .idle:
                continue
            case .finish:
                return
            case .write(let line):
                guard Self.writeAll(fd, line) else {
                    fail()
                    return
                }
                let release = state.withLock { state -> Bool in
                    guard !state.failed else { return false }
                    let index = state.head - 1
                    state.pendingBytes -= line.count
                    if state.eventFlags[index] { state.pendingEvents -= 1 }
                    if state.head > 1024, state.head * 2 > state.lines.count {
                        state.lines.removeFirst(state.head)
                        state.eventFlags.removeFirst(state.head)
                        state.head = 0
                    }
                    guard state.senderWaiting, state.pendingBytes <= replyBacklogBytes else { return false }
                    state.senderWaiting = false
                    return true
                }
                if release { drained.signal() }
            }
        }
    }

    /// Writes every byte of `bytes` to `fd`, retrying on `EINTR`; false on any failure,
    /// including a send timeout (`EAGAIN`).
    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }
}
