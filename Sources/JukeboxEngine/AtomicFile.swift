#if canImport(Glibc)
import Glibc
#endif

/// Replaces files whole: the bytes go to a temporary file beside the target, are flushed to
/// disk (fsync), renamed over it, and the folder is flushed so the rename itself is on disk.
/// A crash leaves the old file or the new one, never a torn one.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically, creating it with `mode`; the folder must exist.
    /// - Throws: ``EngineError/checkpointFailed(path:reason:)`` with the system's reason.
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(EngineError) {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .checkpointFailed(path: path, reason: lastError()) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw failure(path, fd: fd, temporary: temporary) }
            offset += n
        }
        guard fsync(fd) == 0 else { throw failure(path, fd: fd, temporary: temporary) }
        close(fd)
        guard rename(temporary, path) == 0 else { throw failure(path, fd: nil, temporary: temporary) }
        syncFolder(of: path)
    }

    /// Flushes the folder holding `path`, so a rename or a new entry in it is on disk.
    public static func syncFolder(of path: String) {
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let fd = open(folder.isEmpty ? "/" : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// The error for a failed step, after closing `fd` and removing the temporary file.
    private static func failure(_ path: String, fd: Int32?, temporary: String) -> EngineError {
        let reason = lastError()
        if let fd { close(fd) }
        unlink(temporary)
        return .checkpointFailed(path: path, reason: reason)
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
