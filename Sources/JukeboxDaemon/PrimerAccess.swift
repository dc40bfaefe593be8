#if canImport(Glibc)
    import Glibc
#endif

/// Reads a `primer_path` on behalf of a client, only when the client could read the file
/// itself: the daemon usually has rights its clients lack (the state folder, other users'
/// files), and must not lend them out.
///
/// For a client other than root (uid 0, which reads anything the daemon can), the path is
/// walked one name at a time from `/`, never by the kernel's own resolution, and every check
/// is made on a descriptor that is already open, so nothing can be swapped between a check
/// and the open (no check-then-open race):
/// - each name is opened with `O_PATH | O_NOFOLLOW` relative to the folder before it, which
///   opens nothing's contents and follows no link;
/// - a folder is entered only when it is searchable (`x`) for the client, judged on the
///   opened folder with `fstat`;
/// - a symbolic link's target is read from the opened link (`readlinkat`) and walked the
///   same way, at most 40 links;
/// - the last name must be a regular file readable (`r`) for the client; it is then opened
///   for reading relative to the checked folder with `O_NOFOLLOW`, and must be the same
///   file (device and inode) as the one checked.
///
/// Permissions are judged from the mode bits as the kernel does for one user: the owner's
/// bits when the client owns it, else the group's bits when the client's primary group (from
/// `SO_PEERCRED`) owns it, else the others' bits. Supplementary groups and ACLs are not
/// consulted, so the rule may refuse what the client could read, never the reverse. A path
/// the client may not read is `forbidden`, whether or not it exists, so the answer leaks
/// nothing; a readable path the daemon itself cannot open is `bad_audio`.
enum PrimerAccess {
    /// Linux's `O_PATH`, which Swift's Glibc module does not export.
    private static let openPath: Int32 = 0o10000000
    /// The most symbolic links followed in one path, as the kernel allows.
    static let maxLinks = 40

    /// The bytes of the file at `path`, read for the client `peer`.
    /// - Parameters:
    ///   - path: An absolute path.
    ///   - peer: The client.
    ///   - maxBytes: The largest file read.
    /// - Throws: ``DaemonError/forbidden(reason:)`` or ``DaemonError/badAudio(reason:)``.
    static func read(_ path: String, for peer: PeerCredentials, maxBytes: Int) throws(DaemonError) -> [UInt8] {
        let refused = DaemonError.forbidden(
            reason: "primer_path \(path) is not a file this client may read; send the audio as primer_base64")
        guard path.hasPrefix("/"), !path.utf8.contains(0) else { throw refused }
        let fd: Int32
        if peer.uid == 0 {
            fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
            guard fd >= 0 else {
                throw .badAudio(reason: "cannot open primer_path \(path): \(String(cString: strerror(errno)))")
            }
        } else {
            guard let opened = try openChecked(path, for: peer) else { throw refused }
            fd = opened
        }
        defer { close(fd) }
        var opened = stat()
        guard fstat(fd, &opened) == 0, opened.st_mode & S_IFMT == S_IFREG else {
            throw .badAudio(reason: "primer_path \(path) is not a regular file")
        }
        guard opened.st_size <= maxBytes else {
            throw .badAudio(reason: "primer_path \(path) is larger than \(maxBytes) bytes")
        }
        var bytes = [UInt8](repeating: 0, count: Int(opened.st_size))
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0, errno == EINTR { continue }
            if n < 0 { throw .badAudio(reason: "cannot read primer_path \(path): \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            offset += n
        }
        return Array(bytes[..<offset])
    }

    /// Walks `path` as the type's documentation says and opens the file for reading.
    /// - Returns: The open file, or nil when the client may not read it (or it does not exist).
    /// - Throws: ``DaemonError/badAudio(reason:)`` when the client may, but the daemon cannot.
    static func openChecked(_ path: String, for peer: PeerCredentials) throws(DaemonError) -> Int32? {
        guard var folder = openRoot(for: peer) else { return nil }
        defer { close(folder) }
        var pending = names(of: path).reversed() as [String]  // a stack: the next name last
        var links = 0
        while let name = pending.popLast() {
            if name == "." { continue }
            let next = openat(folder, name, openPath | O_NOFOLLOW | O_CLOEXEC)
            guard next >= 0 else { return nil }
            var info = stat()
            guard fstat(next, &info) == 0 else {
                close(next)
                return nil
            }
            switch info.st_mode & S_IFMT {
            case S_IFLNK:
                links += 1
                let target = linkTarget(next)
                close(next)
                guard links <= maxLinks, let target, !target.isEmpty else { return nil }
                pending += names(of: target).reversed()
                if target.hasPrefix("/") {
                    guard let root = openRoot(for: peer) else { return nil }
                    close(folder)
                    folder = root
                }
            case S_IFDIR:
                guard allows(info, peer, bit: 1) else {
                    close(next)
                    return nil
                }
                close(folder)
                folder = next
                if pending.isEmpty { return nil }  // the path names a folder
            default:
                close(next)
                guard pending.isEmpty, info.st_mode & S_IFMT == S_IFREG, allows(info, peer, bit: 4) else { return nil }
                let file = openat(folder, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
                guard file >= 0 else {
                    throw .badAudio(reason: "cannot open primer_path \(path): \(String(cString: strerror(errno)))")
                }
                var opened = stat()
                guard fstat(file, &opened) == 0, opened.st_dev == info.st_dev, opened.st_ino == info.st_ino else {
                    close(file)
                    return nil  // swapped since the check
                }
                return file
            }
        }
        return nil
    }

    /// The names of a path, without empty ones (`a//b/` is `a`, `b`).
    private static func names(of path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    /// The target of the symbolic link opened (`O_PATH | O_NOFOLLOW`) as `fd`.
    private static func linkTarget(_ fd: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = buffer.withUnsafeMutableBufferPointer { bytes in
            bytes.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                readlinkat(fd, "", $0, bytes.count)
            }
        }
        guard count > 0, count < buffer.count else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    /// `/` opened (`O_PATH`), when it is searchable for `peer`; nil otherwise.
    private static func openRoot(for peer: PeerCredentials) -> Int32? {
        let root = open("/", openPath | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { return nil }
        var info = stat()
        guard fstat(root, &info) == 0, allows(info, peer, bit: 1) else {
            close(root)
            return nil
        }
        return root
    }

    /// Whether the mode bits of `info` grant `bit` (4 read, 1 search) to `peer`.
    static func allows(_ info: stat, _ peer: PeerCredentials, bit: mode_t) -> Bool {
        let mode = info.st_mode
        if info.st_uid == peer.uid { return mode & (bit << 6) != 0 }
        if info.st_gid == peer.gid { return mode & (bit << 3) != 0 }
        return mode & bit != 0
    }
}
