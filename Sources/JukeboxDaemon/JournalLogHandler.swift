import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// A swift-log handler writing `jukeboxd: message` lines to standard error, one `write(2)`
/// per line so threads never interleave. When standard error is the journal (systemd sets
/// `JOURNAL_STREAM`), each line starts with its syslog priority (`<6>` for info), which
/// journald reads as the entry's priority; elsewhere the lines are plain.
struct JournalLogHandler: LogHandler {
    /// Whether lines carry a `<priority>` prefix.
    let priorityPrefix: Bool
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    /// A handler for a process with `environment`.
    init(environment: [String: String]) {
        priorityPrefix = environment["JOURNAL_STREAM"] != nil
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

    func log(event: LogEvent) {
        let prefix = priorityPrefix ? "<\(Self.priority(event.level))>" : ""
        let bytes = Array((prefix + "jukeboxd: \(event.message)\n").utf8)
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
