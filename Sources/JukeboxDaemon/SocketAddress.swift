#if canImport(Glibc)
    import Glibc
#endif

/// A Unix-domain socket address (`sockaddr_un`) for a path, or for a name in Linux's abstract
/// namespace when the path starts with `@`.
struct SocketAddress {
    /// The address.
    private(set) var storage = sockaddr_un()
    /// The number of meaningful bytes of ``storage``, as `bind`, `connect` and `sendto` take it.
    let length: socklen_t

    /// The most bytes of a path or abstract name (`sun_path` less a terminating NUL).
    static let maxPathBytes = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

    /// The address of `path`; `@name` is `name` in the abstract namespace (a leading NUL
    /// byte, no terminator), as `$NOTIFY_SOCKET` writes it.
    /// - Throws: ``SocketError/pathTooLong(path:limit:)``.
    init(path: String) throws(SocketError) {
        var bytes = Array(path.utf8)
        let abstract = bytes.first == UInt8(ascii: "@")
        if abstract { bytes[0] = 0 }
        guard bytes.count <= Self.maxPathBytes else { throw .pathTooLong(path: path, limit: Self.maxPathBytes) }
        storage.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &storage.sun_path) { sunPath in
            sunPath.copyBytes(from: bytes)  // the rest stays zero: a path gets its NUL terminator
        }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)!
        length = socklen_t(pathOffset + bytes.count + (abstract ? 0 : 1))
    }

    /// Calls `body` with the address as a `sockaddr` pointer and its length.
    func withSockaddr<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        withUnsafePointer(to: storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }
}

/// `errno` as a ``SocketError/systemCall(call:errno:)``.
func systemCallError(_ call: String) -> SocketError {
    .systemCall(call: call, errno: errno)
}

/// The socket option `option` at level `SOL_SOCKET` of `fd`, as an `Int32`.
func socketOption(_ fd: Int32, _ option: Int32, name: String) throws(SocketError) -> Int32 {
    var value: Int32 = 0
    var length = socklen_t(MemoryLayout<Int32>.size)
    guard getsockopt(fd, SOL_SOCKET, option, &value, &length) == 0 else {
        throw systemCallError("getsockopt(\(name))")
    }
    return value
}
