#if canImport(Glibc)
    import Glibc
#endif

/// The daemon's listening `AF_UNIX` stream socket: adopted from systemd, or bound here.
///
/// The value only names the descriptor; ``close()`` closes it (and removes the socket file
/// when this process created it). Accepted connections are close-on-exec.
public struct ListeningSocket: Equatable, Sendable {
    /// Where the socket came from.
    public enum Origin: Equatable, Sendable {
        /// Passed by systemd (socket activation); systemd owns the socket file.
        case activated(name: String)
        /// Bound by this process at the path.
        case bound(path: String)
    }

    /// The listening file descriptor.
    public let fd: Int32
    /// Where it came from.
    public let origin: Origin
    /// The device and inode of the socket file this process bound (0 when adopted), so that
    /// ``close()`` removes that file only, never one another daemon bound at the same path since.
    let boundFile: (device: UInt64, inode: UInt64)

    /// Wraps a descriptor already checked to be a listening `AF_UNIX` stream socket.
    init(fd: Int32, origin: Origin, boundFile: (device: UInt64, inode: UInt64) = (0, 0)) {
        self.fd = fd
        self.origin = origin
        self.boundFile = boundFile
    }

    public static func == (lhs: ListeningSocket, rhs: ListeningSocket) -> Bool {
        lhs.fd == rhs.fd && lhs.origin == rhs.origin && lhs.boundFile == rhs.boundFile
    }

    /// Adopts the socket systemd passes, or else binds `path`.
    ///
    /// - Parameters:
    ///   - path: The socket path to bind without socket activation (`socket_path`).
    ///   - environment: The process environment (``ProcessEnvironment/current()``).
    ///   - pid: This process's id (``ProcessEnvironment/pid``).
    /// - Throws: ``SocketError`` from ``SocketActivation/listeningSocket(environment:pid:name:firstFD:)``
    ///   or ``bind(path:mode:backlog:)``.
    public static func open(path: String, environment: [String: String], pid: Int32) throws(SocketError)
        -> ListeningSocket
    {
        if let activated = try SocketActivation.listeningSocket(environment: environment, pid: pid) {
            return activated
        }
        return try bind(path: path)
    }

    /// Binds and listens on `path`, then sets its mode.
    ///
    /// A socket file already at `path` is removed only when nothing accepts connections on it
    /// (a daemon that died without cleaning up); a live one is
    /// ``SocketError/alreadyListening(path:)``, and a file that is not a socket is
    /// ``SocketError/notASocketFile(path:)``. The mode is set before `listen`, so no client
    /// can connect through a wider mode.
    /// - Parameters:
    ///   - path: An absolute path of at most 107 bytes, in an existing folder.
    ///   - mode: The file mode: owner and group read and write by default, so members of the
    ///     daemon's group may connect.
    ///   - backlog: The `listen` backlog.
    /// - Throws: ``SocketError``.
    public static func bind(path: String, mode: mode_t = 0o660, backlog: Int32 = 64) throws(SocketError)
        -> ListeningSocket
    {
        let address = try SocketAddress(path: path)
        try removeStaleSocket(at: path, address: address)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw systemCallError("socket(AF_UNIX, SOCK_STREAM)") }
        let bound = address.withSockaddr { Glibc.bind(fd, $0, $1) }
        guard bound == 0 else {
            let error = systemCallError("bind(\(path))")
            Glibc.close(fd)
            throw error
        }
        guard chmod(path, mode) == 0 else {
            let error = systemCallError("chmod(\(path))")
            Glibc.close(fd)
            unlink(path)
            throw error
        }
        guard listen(fd, backlog) == 0 else {
            let error = systemCallError("listen(\(path))")
            Glibc.close(fd)
            unlink(path)
            throw error
        }
        return ListeningSocket(fd: fd, origin: .bound(path: path), boundFile: fileIdentity(path) ?? (0, 0))
    }

    /// Removes a socket file at `path` that nothing listens on.
    private static func removeStaleSocket(at path: String, address: SocketAddress) throws(SocketError) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw systemCallError("lstat(\(path))")
        }
        guard info.st_mode & S_IFMT == S_IFSOCK else { throw .notASocketFile(path: path) }
        let probe = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard probe >= 0 else { throw systemCallError("socket(AF_UNIX, SOCK_STREAM)") }
        defer { Glibc.close(probe) }
        if address.withSockaddr({ connect(probe, $0, $1) }) == 0 { throw .alreadyListening(path: path) }
        guard errno == ECONNREFUSED else { throw systemCallError("connect(\(path))") }
        guard unlink(path) == 0 || errno == ENOENT else { throw systemCallError("unlink(\(path))") }
    }

    /// Waits for a connection and returns its descriptor, made close-on-exec, retrying on `EINTR`.
    ///
    /// Calls `accept` then `fcntl(F_SETFD, FD_CLOEXEC)` (`accept4` needs `_GNU_SOURCE`, which
    /// Swift's Glibc module does not set); the daemon starts no programs, so the gap is harmless.
    /// - Throws: ``SocketError/systemCall(call:errno:)`` from `accept`.
    public func accept() throws(SocketError) -> Int32 {
        while true {
            let connection = Glibc.accept(fd, nil, nil)
            if connection >= 0 {
                _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
                return connection
            }
            if errno != EINTR { throw systemCallError("accept") }
        }
    }

    /// Closes the descriptor, and removes the socket file when this process bound it and the
    /// file at the path is still that one (another daemon may have replaced it since).
    public func close() {
        if case .bound(let path) = origin, isStillOurs(path) { unlink(path) }
        Glibc.close(fd)
    }

    /// Whether the file at `path` is the socket file this process bound.
    private func isStillOurs(_ path: String) -> Bool {
        guard let file = Self.fileIdentity(path) else { return false }
        return file == boundFile
    }

    /// The device and inode of the file at `path` itself (links not followed).
    private static func fileIdentity(_ path: String) -> (device: UInt64, inode: UInt64)? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return (UInt64(info.st_dev), UInt64(info.st_ino))
    }
}
