#if canImport(Glibc)
    import Glibc
#endif

/// Reading input files and writing output files atomically, without Foundation.
public enum FileIO {
    /// The bytes of the file at `path`.
    /// - Throws: ``ClientError/cannotRead(path:call:errno:)``.
    public static func read(_ path: String) throws(ClientError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotRead(path: path, call: "open", errno: errno) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw .cannotRead(path: path, call: "read", errno: errno) }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    /// Writes `bytes` to `path` atomically: to a temporary file in the same folder, flushed
    /// to disk, then renamed over `path`. Readers see the old file or the whole new one, and
    /// a failure leaves no temporary file behind.
    /// - Throws: ``ClientError/cannotWrite(path:call:errno:)``.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws(ClientError) {
        let temporary = temporaryPath(for: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw .cannotWrite(path: path, call: "open", errno: errno) }
        func fail(_ call: String) -> ClientError {
            let error = ClientError.cannotWrite(path: path, call: call, errno: errno)
            close(fd)
            unlink(temporary)
            return error
        }
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw fail("write") }
            offset += count
        }
        guard fsync(fd) == 0 else { throw fail("fsync") }
        guard close(fd) == 0 else {
            let error = ClientError.cannotWrite(path: path, call: "close", errno: errno)
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let error = ClientError.cannotWrite(path: path, call: "rename", errno: errno)
            unlink(temporary)
            throw error
        }
    }

    /// `folder/.name.tmp-PID`, beside `path`.
    static func temporaryPath(for path: String) -> String {
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        return String(path[..<slash]) + "." + String(path[slash...]) + ".tmp-\(getpid())"
    }

    /// `path` made absolute against the working folder, for a path the daemon opens.
    /// - Throws: ``ClientError/cannotRead(path:call:errno:)`` when the working folder is unknown.
    public static func absolute(_ path: String) throws(ClientError) -> String {
        if path.hasPrefix("/") { return path }
        guard let cwd = getcwd(nil, 0) else { throw .cannotRead(path: path, call: "getcwd", errno: errno) }
        defer { free(cwd) }
        var folder = String(cString: cwd)
        if !folder.hasSuffix("/") { folder += "/" }
        return folder + (path.hasPrefix("./") ? String(path.dropFirst(2)) : path)
    }

    /// Checks that `path` names a readable file.
    /// - Throws: ``ClientError/cannotRead(path:call:errno:)``.
    public static func checkReadable(_ path: String) throws(ClientError) {
        guard access(path, R_OK) == 0 else { throw .cannotRead(path: path, call: "access", errno: errno) }
    }
}
