import JukeboxEngine

#if canImport(Glibc)
    import Glibc
#endif

/// Reads and writes the daemon's state files; writes go through the engine's ``AtomicFile``
/// (temporary file, `fsync`, `rename`, folder `fsync`), so a crash leaves the old contents or
/// the new, never a torn file.
enum StateFile {
    /// Replaces the file at `path` with `bytes`.
    /// - Parameters:
    ///   - bytes: The new contents.
    ///   - path: The target; its folder must exist.
    ///   - mode: The permission bits of a new file (the umask applies).
    /// - Throws: ``DaemonError/diskFull(path:)`` or ``DaemonError/stateWriteFailed(path:reason:)``.
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o640) throws(DaemonError) {
        do {
            try AtomicFile.write(bytes, to: path, mode: mode)
        } catch .diskFull {
            throw .diskFull(path: path)
        } catch .checkpointFailed(_, let reason) {
            throw .stateWriteFailed(path: path, reason: reason)
        } catch {
            throw .stateWriteFailed(path: path, reason: "\(error)")
        }
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
}
