#if canImport(Glibc)
    import Glibc
#endif

/// Adopts the listening socket systemd passes to a socket-activated service, as
/// `sd_listen_fds_with_names(3)` does, without libsystemd.
///
/// systemd passes descriptors from 3 (`SD_LISTEN_FDS_START`) on and sets `$LISTEN_PID` (the
/// service's pid), `$LISTEN_FDS` (how many) and `$LISTEN_FDNAMES` (their names, `:`-separated;
/// by default the socket unit's name). Callers that start other programs should remove these
/// variables from the environment they pass on.
public enum SocketActivation {
    /// The first passed descriptor (`SD_LISTEN_FDS_START`).
    public static let firstPassedFD: Int32 = 3

    /// The socket unit name systemd gives the passed socket by default.
    public static let defaultName = "jukeboxd.socket"

    /// The passed listening socket, or nil when systemd passed none to this process
    /// (`$LISTEN_PID` unset or another process's, or `$LISTEN_FDS` unset or 0).
    ///
    /// With one descriptor it is taken whatever its name; with several, the one named
    /// `name`. It must be an `AF_UNIX` `SOCK_STREAM` socket in the listening state; it is
    /// made close-on-exec, as every passed descriptor is.
    /// - Parameters:
    ///   - environment: The process environment (``ProcessEnvironment/current()``).
    ///   - pid: This process's id (``ProcessEnvironment/pid``).
    ///   - name: The name to pick among several descriptors.
    ///   - firstFD: The first passed descriptor; 3 except in tests.
    /// - Throws: ``SocketError/badEnvironment(variable:value:reason:)``,
    ///   ``SocketError/noMatchingSocket(count:name:)``, and the checks of ``check(fd:)``.
    public static func listeningSocket(
        environment: [String: String], pid: Int32, name: String = defaultName, firstFD: Int32 = firstPassedFD
    ) throws(SocketError) -> ListeningSocket? {
        guard let pidText = environment["LISTEN_PID"] else { return nil }
        guard let owner = Int32(pidText), owner > 0 else {
            throw .badEnvironment(variable: "LISTEN_PID", value: pidText, reason: "not a process id")
        }
        guard owner == pid, let countText = environment["LISTEN_FDS"] else { return nil }
        guard let count = Int32(countText), count >= 0, count <= 1024 else {
            throw .badEnvironment(variable: "LISTEN_FDS", value: countText, reason: "not a descriptor count")
        }
        guard count > 0 else { return nil }
        let names = environment["LISTEN_FDNAMES"].map { $0.split(separator: ":", omittingEmptySubsequences: false) }
        if let names, names.count != Int(count) {
            throw .badEnvironment(
                variable: "LISTEN_FDNAMES", value: environment["LISTEN_FDNAMES"] ?? "",
                reason: "names \(names.count) descriptors, LISTEN_FDS says \(count)")
        }
        for fd in firstFD..<(firstFD + count) {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        let index: Int
        if count == 1 {
            index = 0
        } else if let match = names?.firstIndex(where: { $0 == name }) {
            index = match
        } else {
            throw .noMatchingSocket(count: Int(count), name: name)
        }
        let fd = firstFD + Int32(index)
        try check(fd: fd)
        return ListeningSocket(fd: fd, origin: .activated(name: names.map { String($0[index]) } ?? "unknown"))
    }

    /// Checks that `fd` is a listening `AF_UNIX` stream socket.
    /// - Throws: ``SocketError/notASocket(fd:)``, ``SocketError/wrongFamily(fd:family:)``,
    ///   ``SocketError/wrongType(fd:type:)``, ``SocketError/notListening(fd:)``, or
    ///   ``SocketError/systemCall(call:errno:)`` when `fstat` or `getsockopt` fails.
    public static func check(fd: Int32) throws(SocketError) {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw systemCallError("fstat(\(fd))") }
        guard info.st_mode & S_IFMT == S_IFSOCK else { throw .notASocket(fd: fd) }
        let family = try socketOption(fd, SO_DOMAIN, name: "SO_DOMAIN")
        guard family == AF_UNIX else { throw .wrongFamily(fd: fd, family: family) }
        let type = try socketOption(fd, SO_TYPE, name: "SO_TYPE")
        guard type == Int32(SOCK_STREAM.rawValue) else { throw .wrongType(fd: fd, type: type) }
        guard try socketOption(fd, SO_ACCEPTCONN, name: "SO_ACCEPTCONN") != 0 else { throw .notListening(fd: fd) }
    }
}
