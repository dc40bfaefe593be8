#if canImport(Glibc)
    import Glibc
#endif

/// Tells systemd how the daemon is doing, as `sd_notify(3)` does, without libsystemd: each
/// call sends one datagram of `KEY=value` lines to the `AF_UNIX` socket named by
/// `$NOTIFY_SOCKET` (a path, or `@name` in the abstract namespace).
///
/// With `Type=notify` the unit counts as started at ``NotifyMessage/ready``; with
/// `WatchdogSec=` it must send ``NotifyMessage/watchdog`` more often than
/// ``WatchdogSettings/interval``. Without `$NOTIFY_SOCKET` (started by hand) every call does
/// nothing.
public struct SystemdNotifier: Sendable {
    /// The environment variable naming the socket.
    public static let socketVariable = "NOTIFY_SOCKET"

    /// The socket's path (`@name` for the abstract namespace), or nil when not run by systemd.
    public let socketPath: String?

    /// A notifier for the socket the environment names.
    /// - Parameter environment: The process environment (``ProcessEnvironment/current()``).
    /// - Throws: ``SocketError/badEnvironment(variable:value:reason:)`` when `$NOTIFY_SOCKET`
    ///   is set but neither an absolute path nor an `@` name.
    public init(environment: [String: String]) throws(SocketError) {
        guard let value = environment[Self.socketVariable], !value.isEmpty else {
            socketPath = nil
            return
        }
        guard value.hasPrefix("/") || (value.hasPrefix("@") && value.utf8.count > 1) else {
            throw .badEnvironment(
                variable: Self.socketVariable, value: value, reason: "must be an absolute path or an @abstract name")
        }
        socketPath = value
    }

    /// Whether systemd listens for notifications.
    public var isEnabled: Bool { socketPath != nil }

    /// Sends `messages` in one datagram, so systemd sees them together (`READY=1` with a `STATUS=`).
    /// - Parameter messages: What to report; at least one.
    /// - Returns: false when there is no `$NOTIFY_SOCKET` and nothing was sent.
    /// - Throws: ``SocketError`` when the datagram cannot be sent.
    @discardableResult
    public func send(_ messages: [NotifyMessage]) throws(SocketError) -> Bool {
        guard let socketPath else { return false }
        let address = try SocketAddress(path: socketPath)
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw systemCallError("socket(AF_UNIX, SOCK_DGRAM)") }
        defer { close(fd) }
        let datagram = Array(messages.map(\.line).joined(separator: "\n").utf8)
        let sent = datagram.withUnsafeBytes { bytes in
            address.withSockaddr { sockaddr, length in
                sendto(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), sockaddr, length)
            }
        }
        guard sent == datagram.count else { throw systemCallError("sendto(\(socketPath))") }
        return true
    }

    /// Sends one message; see ``send(_:)-([NotifyMessage])``.
    @discardableResult
    public func send(_ message: NotifyMessage) throws(SocketError) -> Bool {
        try send([message])
    }
}

/// One line of a notification datagram (see `sd_notify(3)`).
public enum NotifyMessage: Equatable, Sendable {
    /// `READY=1`: start-up is complete and the socket is served.
    case ready
    /// `STATUS=...`: a one-line status `systemctl status` shows; newlines become spaces.
    case status(String)
    /// `WATCHDOG=1`: the daemon is alive; resets the watchdog timer.
    case watchdog
    /// `STOPPING=1`: shutdown has begun.
    case stopping
    /// `EXTEND_TIMEOUT_USEC=...`: start-up or shutdown needs this many more microseconds
    /// (while loading models on start, for example).
    case extendTimeout(microseconds: UInt64)

    /// The line as sent.
    public var line: String {
        switch self {
        case .ready: return "READY=1"
        case .status(let text):
            return "STATUS=" + String(text.map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
        case .watchdog: return "WATCHDOG=1"
        case .stopping: return "STOPPING=1"
        case .extendTimeout(let microseconds): return "EXTEND_TIMEOUT_USEC=\(microseconds)"
        }
    }
}
