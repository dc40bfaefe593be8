#if canImport(Glibc)
    import Glibc
#endif

/// Writes the daemon's state files so that a crash leaves the old contents or the new, never a torn file:
/// write a temporary file beside the target, `fsync` it, `rename` it over the target, then
/// `fsync` the folder so the rename itself is on disk.
enum StateFile {
    /// Replaces the file at `path` with `bytes`.
    /// - Parameters:
    ///   - bytes: The new contents.
    ///   - path: The target; its folder must exist.
    ///   - mode: The permission bits of a new file (the umask applies).
    /// - Throws: ``DaemonError/stateWriteFailed(path:reason:)``.
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o640) throws(DaemonError) {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .stateWriteFailed(path: path, reason: lastError()) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                let reason = lastError()
                close(fd)
                unlink(temporary)
                throw .stateWriteFailed(path: path, reason: reason)
            }
            offset += n
        }
        guard fsync(fd) == 0 else {
            let reason = lastError()
            close(fd)
            unlink(temporary)
            throw .stateWriteFailed(path: path, reason: reason)
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let reason = lastError()
            unlink(temporary)
            throw .stateWriteFailed(path: path, reason: reason)
        }
        syncFolder(of: path)
    }

    /// Flushes the folder holding `path`, so a file created or renamed in it survives a crash.
    static func syncFolder(of path: String) {
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        syncFolder(folder.isEmpty ? "/" : folder)
    }

    /// Flushes the folder `folder` itself.
    static func syncFolder(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// The whole file at `path`, or nil when it cannot be read.
    static func read(_ path: String, limit: Int = 1 << 30) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n == 0 { return bytes }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            bytes.append(contentsOf: chunk[..<n])
            if bytes.count > limit { return nil }
        }
    }

    /// `strerror(errno)`.
    static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
