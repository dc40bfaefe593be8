#if canImport(Glibc)
    import Glibc
#endif

/// The daemon's log: one line per event on standard error, which systemd sends to the
/// journal. A tiny stand-in for swift-log, which this package does not depend on.
///
/// Lines look like `jukeboxd: job k3f9x0q2m7ab uid=1000: queued -> running`; the journal
/// adds the time and the unit. Tests pass their own ``sink`` to read what was logged.
public struct DaemonLog: Sendable {
    /// Where each line goes, without its newline.
    public let sink: @Sendable (String) -> Void

    /// A log writing to `sink`.
    public init(sink: @escaping @Sendable (String) -> Void) {
        self.sink = sink
    }

    /// A log writing to standard error, one `write(2)` per line so threads do not interleave.
    public static let standardError = DaemonLog { line in
        let bytes = Array(("jukeboxd: " + line + "\n").utf8)
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

    /// A log that drops everything.
    public static let discard = DaemonLog { _ in }

    /// Logs one line.
    public func callAsFunction(_ line: String) {
        sink(line)
    }
}
