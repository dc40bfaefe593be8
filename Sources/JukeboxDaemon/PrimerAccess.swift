#if canImport(Glibc)
    import Glibc
#endif

/// Reads a `primer_path` on behalf of a client, only when the client could read the file
/// itself: the daemon usually has rights its clients lack (the state folder, other users'
/// files), and must not lend them out.
///
/// The rule, for a client other than root (uid 0, which reads anything the daemon can):
/// the path is resolved (symbolic links followed); every folder from `/` down to the file
/// must be searchable (`x`) and the file readable (`r`) for the client, judged from the mode
/// bits as the kernel does for one user: the owner's bits when the client owns it, else the
/// group's bits when the client's primary group (from `SO_PEERCRED`) owns it, else the
/// others' bits. Supplementary groups and ACLs are not consulted, so the rule may refuse
/// what the client could read, never the reverse. The file must be a regular file; the
/// checked file is the one opened (device and inode compared after `open`). A path the
/// client may not read is `forbidden`, whether or not it exists, so the answer leaks
/// nothing; a readable path the daemon itself cannot open is `bad_audio`.
enum PrimerAccess {
    /// The bytes of the file at `path`, read for the client `peer`.
    /// - Parameters:
    ///   - path: An absolute path.
    ///   - peer: The client.
    ///   - maxBytes: The largest file read.
    /// - Throws: ``DaemonError/forbidden(reason:)`` or ``DaemonError/badAudio(reason:)``.
    static func read(_ path: String, for peer: PeerCredentials, maxBytes: Int) throws(DaemonError) -> [UInt8] {
        let refused = DaemonError.forbidden(
            reason: "primer_path \(path) is not a file this client may read; send the audio as primer_base64")
        guard path.hasPrefix("/") else { throw refused }
        var checked = stat()
        let resolved: String
        if peer.uid == 0 {
            resolved = path
        } else {
            guard let real = realpath(path, nil) else { throw refused }
            resolved = String(cString: real)
            free(real)
            var folder = ""
            for component in resolved.split(separator: "/").dropLast() {
                folder += "/" + component
                var info = stat()
                guard stat(folder, &info) == 0, allows(info, peer, bit: 1) else { throw refused }
            }
            guard stat("/", &checked) == 0, allows(checked, peer, bit: 1) else { throw refused }
            guard stat(resolved, &checked) == 0, checked.st_mode & S_IFMT == S_IFREG, allows(checked, peer, bit: 4)
            else { throw refused }
        }
        let fd = open(resolved, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard fd >= 0 else {
            throw .badAudio(reason: "cannot open primer_path \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var opened = stat()
        guard fstat(fd, &opened) == 0, opened.st_mode & S_IFMT == S_IFREG else {
            throw .badAudio(reason: "primer_path \(path) is not a regular file")
        }
        if peer.uid != 0, opened.st_dev != checked.st_dev || opened.st_ino != checked.st_ino { throw refused }
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

    /// Whether the mode bits of `info` grant `bit` (4 read, 1 search) to `peer`.
    static func allows(_ info: stat, _ peer: PeerCredentials, bit: mode_t) -> Bool {
        let mode = info.st_mode
        if info.st_uid == peer.uid { return mode & (bit << 6) != 0 }
        if info.st_gid == peer.gid { return mode & (bit << 3) != 0 }
        return mode & bit != 0
    }
}
