#if canImport(Glibc)
    import Glibc
#endif

/// Who is at the other end of a Unix-socket connection, as the kernel recorded it when the
/// peer connected (`SO_PEERCRED`). Jobs belong to ``uid``.
public struct PeerCredentials: Equatable, Sendable {
    /// The peer's process id at connect time.
    public let pid: Int32
    /// The peer's effective user id.
    public let uid: UInt32
    /// The peer's effective group id.
    public let gid: UInt32

    /// Credentials given directly (tests of the access rules).
    init(pid: Int32, uid: UInt32, gid: UInt32) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }

    /// The credentials of the peer of connected `AF_UNIX` socket `fd`.
    ///
    /// Calls `getsockopt(fd, SOL_SOCKET, SO_PEERCRED)`, reading `struct ucred` (pid, uid, gid,
    /// three 32-bit fields), which Swift's Glibc module does not export.
    /// - Parameter fd: An accepted connection, or one end of a `socketpair`.
    /// - Throws: ``SocketError/systemCall(call:errno:)``.
    public init(socket fd: Int32) throws(SocketError) {
        var fields: (Int32, UInt32, UInt32) = (0, 0, 0)  // struct ucred { pid_t; uid_t; gid_t; }
        var length = socklen_t(MemoryLayout.size(ofValue: fields))
        guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &fields, &length) == 0 else {
            throw systemCallError("getsockopt(SO_PEERCRED)")
        }
        guard length == socklen_t(MemoryLayout.size(ofValue: fields)) else {
            throw .systemCall(call: "getsockopt(SO_PEERCRED) returned \(length) bytes", errno: EINVAL)
        }
        (pid, uid, gid) = fields
    }
}
