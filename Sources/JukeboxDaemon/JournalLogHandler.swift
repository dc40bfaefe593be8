import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// A swift-log handler for the daemon's log.
///
/// Under systemd (which sets `JOURNAL_STREAM` when standard error is the journal) each entry
/// goes to journald's native socket with its fields: `MESSAGE`, `PRIORITY`,
/// `SYSLOG_IDENTIFIER=jukeboxd` and one `JUKEBOX_<KEY>` field per metadata key (the job
/// lines carry `JUKEBOX_JOB`, `JUKEBOX_UID` and `JUKEBOX_MODEL`, so that
/// `journalctl JUKEBOX_JOB=...` finds one job). When that socket cannot be reached, and
/// outside systemd, it writes `jukeboxd: message` lines to standard error, one `write(2)` per
/// line so threads never interleave; to the journal's stream each line starts with its
/// syslog priority (`<6>` for info), which journald reads as the entry's priority.
struct JournalLogHandler: LogHandler {
    /// Whether standard error is the journal (lines carry a `<priority>` prefix).
    let priorityPrefix: Bool
    /// journald's native socket, when entries go there with their fields.
    let journalSocket: String?
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    /// Where journald listens for native entries.
    static let defaultJournalSocket = "/run/systemd/journal/socket"

    /// A handler for a process with `environment`, sending to `journalSocket` under systemd
    /// when that socket exists.
    init(environment: [String: String], journalSocket: String = Self.defaultJournalSocket) {
        priorityPrefix = environment["JOURNAL_STREAM"] != nil
        self.journalSocket = priorityPrefix && access(journalSocket, W_OK) == 0 ? journalSocket : nil
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// The syslog priority of a level.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// The journal entry of a message with its metadata.
    static func entry(level: Logger.Level, message: String, metadata: Logger.Metadata) -> JournalEntry {
        var fields: [(name: String, value: String)] = [
            ("MESSAGE", message), ("PRIORITY", String(priority(level))), ("SYSLOG_IDENTIFIER", "jukeboxd"),
        ]
        for key in metadata.keys.sorted() {
            fields.append((JournalEntry.fieldName(forMetadataKey: key), metadata[key]!.description))
        }
        return JournalEntry(fields: fields)
    }

    func log(event: LogEvent) {
        if let journalSocket {
            let fields = metadata.merging(event.metadata ?? [:]) { _, new in new }
            let datagram = Self.entry(level: event.level, message: event.message.description, metadata: fields).datagram
            if Self.send(datagram, to: journalSocket) { return }
        }
        let prefix = priorityPrefix ? "<\(Self.priority(event.level))>" : ""
        writeLine(prefix + "jukeboxd: \(event.message)\n")
    }

    /// Sends one datagram to `path`; false when it could not be sent whole.
    static func send(_ datagram: [UInt8], to path: String) -> Bool {
        guard let address = try? SocketAddress(path: path) else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let sent = datagram.withUnsafeBytes { bytes in
            address.withSockaddr { sockaddr, length in
                sendto(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), sockaddr, length)
            }
        }
        return sent == datagram.count
    }

    private func writeLine(_ line: String) {
        let bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(2, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 {
                if n < 0, errno == EINTR { continue }
                return
            }
            offset += n
        }
    }
}
