#if canImport(Glibc)
    import Glibc
#endif

/// Replaces files whole: the bytes go to a temporary file beside the target, are flushed to
/// disk (fsync), renamed over it, and the folder is flushed so the rename itself is on disk.
/// A crash leaves the old file or the new one, never a torn one.
public enum AtomicFile {
    /// The suffix of temporary files, followed by the writer's pid; a crash may leave one behind,
    /// which ``removeLeftovers(in:)`` clears.
    public static let temporaryMarker = ".tmp-"

    /// Writes `bytes` to `path` atomically, creating it with `mode` (owner read-write, group
    /// read by default; the umask may remove more); the folder must exist.
    ///
    /// With `durable` false nothing is flushed: readers and a crash of this process still see
    /// the old file or the new one whole, but a crash of the machine may leave the new one
    /// empty or short. For files rewritten often that a reader checks anyway (previews), at a
    /// tenth of the cost.
    /// - Throws: ``EngineError/diskFull(path:)`` when the file system is full or over quota;
    ///   ``EngineError/checkpointFailed(path:reason:)`` with the system's reason otherwise.
    public static func write(
        _ bytes: [UInt8], to path: String, mode: mode_t = 0o640, durable: Bool = true
    ) throws(EngineError) {
        let temporary = path + temporaryMarker + "\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw failure(path, fd: nil, temporary: nil) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw failure(path, fd: fd, temporary: temporary) }
            offset += n
        }
        guard !durable || fsync(fd) == 0 else { throw failure(path, fd: fd, temporary: temporary) }
        close(fd)
        guard rename(temporary, path) == 0 else { throw failure(path, fd: nil, temporary: temporary) }
        if durable { syncFolder(of: path) }
    }

    /// Flushes the folder holding `path`, so a rename or a new entry in it is on disk.
    public static func syncFolder(of path: String) {
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let fd = open(folder.isEmpty ? "/" : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// Removes the temporary files that writers which died left in `folder` (names holding
    /// ``temporaryMarker`` and a pid that is not a running process of this user's).
    /// - Returns: The names removed.
    @discardableResult
    public static func removeLeftovers(in folder: String) -> [String] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var removed: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let pid = writerPID(of: name) else { continue }
            if pid != getpid(), kill(pid, 0) == 0 { continue }  // a live writer's file
            if unlink(folder + "/" + name) == 0 { removed.append(name) }
        }
        return removed
    }

    /// The pid at the end of a temporary file's name (`NAME.tmp-PID`), or nil for another name.
    static func writerPID(of name: String) -> Int32? {
        let bytes = Array(name.utf8)
        let marker = Array(temporaryMarker.utf8)
        guard bytes.count > marker.count else { return nil }
        for start in stride(from: bytes.count - marker.count - 1, through: 0, by: -1)
        where Array(bytes[start..<(start + marker.count)]) == marker {
            guard let pid = Int32(String(decoding: bytes[(start + marker.count)...], as: UTF8.self)), pid > 0 else {
                return nil
            }
            return pid
        }
        return nil
    }

    /// Creates folder `path` with `mode` (the umask may remove more), and the folders above it
    /// that are missing, as `mkdir -p`; an existing folder is fine.
    /// - Throws: ``EngineError/diskFull(path:)`` or ``EngineError/checkpointFailed(path:reason:)``.
    public static func createFolder(_ path: String, mode: mode_t = 0o750) throws(EngineError) {
        if mkdir(path, mode) == 0 || errno == EEXIST { return }
        guard errno == ENOENT, let slash = path.lastIndex(of: "/"), slash > path.startIndex else {
            throw error(path, errno)
        }
        try createFolder(String(path[..<slash]), mode: mode)
        guard mkdir(path, mode) == 0 || errno == EEXIST else { throw error(path, errno) }
    }

    /// The error for a failed step, after closing `fd` and removing the temporary file.
    private static func failure(_ path: String, fd: Int32?, temporary: String?) -> EngineError {
        let code = errno
        if let fd { close(fd) }
        if let temporary { unlink(temporary) }
        return error(path, code)
    }

    /// The error for system error `code` on `path`: a full file system (or quota) is its own.
    private static func error(_ path: String, _ code: Int32) -> EngineError {
        if code == ENOSPC || code == EDQUOT { return .diskFull(path: path) }
        return .checkpointFailed(path: path, reason: String(cString: strerror(code)))
    }
}
