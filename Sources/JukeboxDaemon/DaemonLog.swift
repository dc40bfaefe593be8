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

    /// A log handing each message and its metadata (``JobLogFields/metadata``) to `sink`.
    public init(entries sink: @escaping @Sendable (String, [String: String]) -> Void) {
        self.init(logger: Logger(label: "jukeboxd") { _ in SinkLogHandler(entries: sink) })
    }

    /// Logs one line at the info level; a line about one job carries its fields (the journal
    /// gets them as `JUKEBOX_JOB`, `JUKEBOX_UID` and `JUKEBOX_MODEL`).
    public func callAsFunction(_ line: String, job fields: JobLogFields? = nil) {
        logger.info("\(line)", metadata: fields?.metadata)
    }
}

/// The structured fields of a log line about one job.
public struct JobLogFields: Sendable, Equatable {
    /// The job's id.
    public var job: String
    /// The uid of the user it belongs to.
    public var uid: UInt32
    /// The model it runs on.
    public var model: String

    /// Fields from their values.
    public init(job: String, uid: UInt32, model: String) {
        self.job = job
        self.uid = uid
        self.model = model
    }

    /// The fields as swift-log metadata: `job`, `uid`, `model`.
    var metadata: Logger.Metadata {
        ["job": .string(job), "uid": .stringConvertible(uid), "model": .string(model)]
    }
}

/// A swift-log handler that passes each message, and optionally its metadata, to a closure
/// (for tests and embedding).
struct SinkLogHandler: LogHandler {
    let sink: @Sendable (String, [String: String]) -> Void
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// A handler passing messages only.
    init(sink: @escaping @Sendable (String) -> Void) { self.sink = { message, _ in sink(message) } }

    /// A handler passing messages and their metadata.
    init(entries sink: @escaping @Sendable (String, [String: String]) -> Void) { self.sink = sink }

    func log(event: LogEvent) {
        let fields = metadata.merging(event.metadata ?? [:]) { _, new in new }
        sink(event.message.description, fields.mapValues(\.description))
    }
}
