#if canImport(Glibc)
import Glibc
#endif

/// Replaces files whole: the bytes go to a temporary file beside the target, are flushed to
/// disk (fsync) and renamed over it, so a crash leaves the old file or the new one, never a
/// torn one.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically.
    /// - Throws: ``EngineError/checkpointFailed(path:reason:)`` with the system's reason.
    public static func write(_ bytes: [UInt8], to path: String) throws(EngineError) {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .checkpointFailed(path: path, reason: String(cString: strerror(errno))) }
        var ok = bytes.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        ok = ok && fsync(fd) == 0
        let reason = String(cString: strerror(errno))
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw .checkpointFailed(path: path, reason: ok ? String(cString: strerror(errno)) : reason)
        }
    }
}
