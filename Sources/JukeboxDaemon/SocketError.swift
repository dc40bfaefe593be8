#if canImport(Glibc)
    import Glibc
#endif

/// Why a socket, socket-activation or systemd-notification step failed.
public enum SocketError: Error, Equatable, Sendable {
    /// A system call failed; `call` names it (with its argument, such as a path, when useful)
    /// and `errno` is the C error number; ``description`` adds `strerror`'s text.
    case systemCall(call: String, errno: Int32)
    /// A socket path does not fit `sockaddr_un` (at most `limit` bytes). Choose a shorter path.
    case pathTooLong(path: String, limit: Int)
    /// A systemd environment variable holds a value that cannot be used (malformed number,
    /// empty socket path, ...). The service manager or the unit is misconfigured.
    case badEnvironment(variable: String, value: String, reason: String)
    /// systemd passed `count` sockets and none is named `name` in `LISTEN_FDNAMES`; the
    /// socket unit should have exactly one `ListenStream=`.
    case noMatchingSocket(count: Int, name: String)
    /// File descriptor `fd` passed by systemd is not a socket.
    case notASocket(fd: Int32)
    /// The passed socket `fd` is of address family `family`, not `AF_UNIX`; use a path in
    /// `ListenStream=`.
    case wrongFamily(fd: Int32, family: Int32)
    /// The passed socket `fd` is of type `type`, not `SOCK_STREAM`; use `ListenStream=`.
    case wrongType(fd: Int32, type: Int32)
    /// The passed socket `fd` is not listening (`Accept=yes` in the socket unit passes
    /// connections, which this daemon does not take).
    case notListening(fd: Int32)
    /// Another process is accepting connections on the socket at `path`; a second daemon
    /// would steal its clients, so this one refuses to start.
    case alreadyListening(path: String)
    /// Something other than a socket is at `path`; it is never removed automatically.
    case notASocketFile(path: String)
}

extension SocketError: CustomStringConvertible {
    /// A one-line explanation with what to do next.
    public var description: String {
        switch self {
        case .systemCall(let call, let errno):
            return "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))"
        case .pathTooLong(let path, let limit):
            return "socket path \(path) is longer than \(limit) bytes; choose a shorter socket_path"
        case .badEnvironment(let variable, let value, let reason):
            return "environment variable \(variable)=\"\(value)\" is unusable: \(reason)"
        case .noMatchingSocket(let count, let name):
            return
                "systemd passed \(count) sockets and none is named \"\(name)\"; give the socket unit one ListenStream="
        case .notASocket(let fd):
            return "file descriptor \(fd) passed by systemd is not a socket"
        case .wrongFamily(let fd, let family):
            return
                "socket \(fd) passed by systemd has address family \(family), not AF_UNIX; ListenStream= must be a path"
        case .wrongType(let fd, let type):
            return "socket \(fd) passed by systemd has type \(type), not SOCK_STREAM; use ListenStream="
        case .notListening(let fd):
            return "socket \(fd) passed by systemd is not listening; the socket unit must not set Accept=yes"
        case .alreadyListening(let path):
            return "another process is listening on \(path); stop it or choose another socket_path"
        case .notASocketFile(let path):
            return "\(path) exists and is not a socket; remove it or choose another socket_path"
        }
    }
}
