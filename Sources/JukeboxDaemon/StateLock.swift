import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The daemon's claim on its state folder: an exclusive `flock` on `<state>/jukeboxd.lock`,
/// held for the life of the process, so that two daemons never resume and compute the same
/// jobs. The file holds the owner's pid, for the message the second daemon prints.
final class StateLock: Sendable {
    /// The lock file.
    let path: String
    /// The locked descriptor; -1 once released.
    private let fd: Locked<Int32>

    /// Takes the lock of `stateDirectory`, creating the folder (mode 0750) if needed.
    /// - Throws: ``DaemonError/stateInUse(path:pid:)`` when another process holds it;
    ///   ``DaemonError/stateWriteFailed(path:reason:)`` when the file cannot be made.
    init(stateDirectory: String) throws(DaemonError) {
        path = stateDirectory + "/jukeboxd.lock"
        do {
            try FileManager.default.createDirectory(
                atPath: stateDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
        } catch {
            throw .stateWriteFailed(path: stateDirectory, reason: "\(error)")
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o640)
        guard fd >= 0 else { throw .stateWriteFailed(path: path, reason: String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let owner = Self.readPID(fd)
            close(fd)
            if code == EWOULDBLOCK { throw .stateInUse(path: stateDirectory, pid: owner) }
            throw .stateWriteFailed(path: path, reason: String(cString: strerror(code)))
        }
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        self.fd = Locked(fd)
    }

    /// Gives the lock up (when the daemon has stopped using the state folder).
    func release() {
        fd.withLock { fd in
            guard fd >= 0 else { return }
            close(fd)
            fd = -1
        }
    }

    /// The pid written in the lock file, if any.
    private static func readPID(_ fd: Int32) -> Int32? {
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: bytes[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    deinit {
        release()
    }
}
