import JukeboxProtocol

/// The settings of jukeboxd.conf(5): each key as written in the file, its command-line flag,
/// and how its value is read.
public enum ConfigurationKey: String, Sendable, CaseIterable {
    /// ``DaemonConfiguration/socketPath``: an absolute path of at most 107 bytes.
    case socketPath = "socket_path"
    /// ``DaemonConfiguration/modelsDirectory``: an absolute path.
    case modelsDirectory = "models_dir"
    /// ``DaemonConfiguration/stateDirectory``: an absolute path.
    case stateDirectory = "state_dir"
    /// ``DaemonConfiguration/memoryBudgetBytes``: a size such as `12G`, at least 64M.
    case memoryBudget = "memory_budget"
    /// ``DaemonConfiguration/queueLimit``: an integer in 1...10000.
    case queueLimit = "queue_limit"
    /// ``DaemonConfiguration/threads``: an integer in 0...1024.
    case threads = "threads"
    /// ``DaemonConfiguration/loadPolicy``: `on-start` or `on-first-use`.
    case loadPolicy = "load_policy"
    /// ``DaemonConfiguration/maxPrimerSeconds``: a decimal number of seconds in (0, 3600].
    case maxPrimerSeconds = "max_primer_seconds"
    /// ``DaemonConfiguration/maxLineBytes``: a size from 64K to 1G.
    case maxLineBytes = "max_line_bytes"
    /// ``DaemonConfiguration/maxConnectionsPerUser``: an integer in 1...496.
    case maxConnectionsPerUser = "max_connections_per_user"
    /// ``DaemonConfiguration/idleTimeoutSeconds``: seconds in (0, 86400].
    case idleTimeout = "idle_timeout"
    /// ``DaemonConfiguration/lineTimeoutSeconds``: seconds in (0, 3600].
    case lineTimeout = "line_timeout"
    /// ``DaemonConfiguration/maxBufferedBytes``: a size from 64K to 16G.
    case maxBufferedBytes = "max_buffered_bytes"
    /// ``DaemonConfiguration/diskFullRetrySeconds``: seconds in (0, 3600].
    case diskFullRetry = "disk_full_retry"
    /// ``DaemonConfiguration/jobRetentionDays``: days from 0 (keep) to 36500.
    case jobRetentionDays = "job_retention_days"
    /// ``DaemonConfiguration/keepAliveSeconds``: whole seconds from 0 (no limit) to 31536000.
    case keepAlive = "keep_alive"

    /// The command-line flag: the key with dashes, as `--socket-path`.
    public var flag: String {
        "--" + rawValue.replacing("_", with: "-")
    }

    /// A shorter second flag for the three paths: `--socket`, `--models` and `--state`.
    public var shortFlag: String? {
        switch self {
        case .socketPath: return "--socket"
        case .modelsDirectory: return "--models"
        case .stateDirectory: return "--state"
        default: return nil
        }
    }

    /// The key whose flag (`--socket-path`) or short flag (`--socket`) is `flag`, or nil.
    public init?(flag: String) {
        guard let key = Self.allCases.first(where: { $0.flag == flag || $0.shortFlag == flag }) else { return nil }
        self = key
    }

    /// Reads `value` and stores it in `configuration`.
    /// - Throws: ``ValueError`` saying what is accepted.
    public func apply(_ value: String, to configuration: inout DaemonConfiguration) throws(ValueError) {
        switch self {
        case .socketPath:
            let path = try ValueReader.absolutePath(value)
            guard path.utf8.count <= 107 else { throw ValueError("a socket path must be at most 107 bytes") }
            configuration.socketPath = path
        case .modelsDirectory:
            configuration.modelsDirectory = try ValueReader.absolutePath(value)
        case .stateDirectory:
            configuration.stateDirectory = try ValueReader.absolutePath(value)
        case .memoryBudget:
            configuration.memoryBudgetBytes = Int64(try ValueReader.size(value, in: (64 << 20)...(1 << 50)))
        case .queueLimit:
            configuration.queueLimit = try ValueReader.integer(value, in: 1...10000)
        case .threads:
            configuration.threads = try ValueReader.integer(value, in: 0...1024)
        case .loadPolicy:
            guard let policy = LoadPolicy(rawValue: value) else {
                throw ValueError("expected \"on-start\" or \"on-first-use\"")
            }
            configuration.loadPolicy = policy
        case .maxPrimerSeconds:
            configuration.maxPrimerSeconds = try ValueReader.seconds(value, upTo: GenerationLimits.maxSeconds)
        case .maxLineBytes:
            configuration.maxLineBytes = try ValueReader.size(
                value, in: ProtocolLimits.minMaxLineBytes...ProtocolLimits.maxMaxLineBytes)
        case .maxConnectionsPerUser:
            configuration.maxConnectionsPerUser = try ValueReader.integer(
                value, in: 1...(ConnectionLimits.maxConnections - ConnectionLimits.rootReserve))
        case .idleTimeout:
            configuration.idleTimeoutSeconds = try ValueReader.seconds(value, upTo: 86400)
        case .lineTimeout:
            configuration.lineTimeoutSeconds = try ValueReader.seconds(value, upTo: 3600)
        case .maxBufferedBytes:
            configuration.maxBufferedBytes = try ValueReader.size(value, in: (64 << 10)...(16 << 30))
        case .diskFullRetry:
            configuration.diskFullRetrySeconds = try ValueReader.seconds(value, upTo: 3600)
        case .jobRetentionDays:
            let decimal = value.utf8.allSatisfy { ValueReader.isDigit($0) || $0 == UInt8(ascii: ".") }
            guard decimal, let days = Double(value), (0...36_500).contains(days) else {
                throw ValueError("expected a number of days from 0 (keep every job) to 36500")
            }
            configuration.jobRetentionDays = days
        case .keepAlive:
            configuration.keepAliveSeconds = try ValueReader.integer(value, in: 0...31_536_000)
        }
    }
}
