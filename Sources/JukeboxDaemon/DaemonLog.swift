import Logging

/// The daemon's log, through swift-log: one line per event. ``standardError`` writes them to
/// standard error, which systemd sends to the journal.
///
/// Lines look like `jukeboxd: job k3f9x0q2m7ab uid=1000: queued -> running`; the journal
/// adds the time and the unit. Tests pass their own sink to read what was logged.
public struct DaemonLog: Sendable {
    /// The swift-log logger every line goes through.
    public let logger: Logger

    /// A log through `logger`.
    public init(logger: Logger) {
        self.logger = logger
    }

    /// A log handing each message, without its newline, to `sink`.
    public init(sink: @escaping @Sendable (String) -> Void) {
        self.init(logger: Logger(label: "jukeboxd") { _ in SinkLogHandler(sink: sink) })
    }

    /// A log writing to standard error with ``JournalLogHandler``.
    public static let standardError = DaemonLog(
        logger: Logger(label: "jukeboxd") { _ in JournalLogHandler(environment: ProcessEnvironment.current()) })

    /// A log that drops everything.
    public static let discard = DaemonLog { _ in }

    /// Logs one line at the info level.
    public func callAsFunction(_ line: String) {
        logger.info("\(line)")
    }
}

/// A swift-log handler that passes each message to a closure (for tests and embedding).
struct SinkLogHandler: LogHandler {
    let sink: @Sendable (String) -> Void
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        sink(event.message.description)
    }
}
