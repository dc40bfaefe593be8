import JukeboxProtocol

/// The daemon's settings: the defaults below, then the configuration file
/// (`/etc/jukeboxd/jukeboxd.conf`), then command-line flags, each overriding the one before.
///
/// jukeboxd.conf(5) documents every key. ``load(commandLine:)`` builds the settings at
/// start-up; any unknown key or bad value stops start-up with an error naming the file and line.
public struct DaemonConfiguration: Equatable, Sendable {
    /// The configuration file read when the command line names none.
    public static let defaultFilePath = "/etc/jukeboxd/jukeboxd.conf"

    /// The socket to bind when systemd passes none (`socket_path`).
    public var socketPath = "/run/jukeboxd/jukeboxd.sock"
    /// The folder holding one folder per model bundle (`models_dir`).
    public var modelsDirectory = "/var/lib/jukeboxd/models"
    /// The folder of jobs, their tokens and their audio (`state_dir`).
    public var stateDirectory = "/var/lib/jukeboxd"
    /// The memory, in bytes, a job and the loaded models may use (`memory_budget`): a `submit` is
    /// refused when the job's plan (``MemoryPlan``: the largest phase's model, caches, activations
    /// and audio) alone exceeds it; other loaded models count for their weight files' bytes, and
    /// the least recently used idle ones are unloaded to make room
    /// (``ModelRegistry/makeRoom(for:needing:inUse:)``). 16 GiB lets 5b_lyrics sample three takes
    /// together (about 12.5 GiB planned).
    public var memoryBudgetBytes: Int64 = 16 << 30
    /// The most jobs queued or running at once, of all users (`queue_limit`); a `submit`
    /// beyond it gets `busy`.
    public var queueLimit = 16
    /// Compute threads; 0 means one per online CPU (`threads`).
    public var threads = 0
    /// When models are loaded (`load_policy`).
    public var loadPolicy = LoadPolicy.onFirstUse
    /// The longest primer accepted, in seconds (`max_primer_seconds`).
    public var maxPrimerSeconds = 60.0
    /// The longest request line accepted, in bytes, not counting its newline (`max_line_bytes`).
    public var maxLineBytes = ProtocolLimits.defaultMaxLineBytes
    /// The most connections one user (uid) may hold at once (`max_connections_per_user`);
    /// the last ``ConnectionLimits/rootReserve`` of the daemon's connections are kept for root.
    public var maxConnectionsPerUser = 32
    /// Seconds a connection may send nothing while it watches no job (`idle_timeout`).
    public var idleTimeoutSeconds = 900.0
    /// Seconds a request line may take from its first byte to its newline (`line_timeout`).
    public var lineTimeoutSeconds = 60.0
    /// The most bytes of unfinished request lines held for all connections together
    /// (`max_buffered_bytes`); a connection that would go past it gets `busy` and is closed.
    public var maxBufferedBytes = 256 << 20
    /// Seconds between tries of a job paused by a full disk (`disk_full_retry`).
    public var diskFullRetrySeconds = 30.0
    /// Days an ended job (done, failed or cancelled) is kept before the daemon removes its folder
    /// and record (`job_retention_days`), checked at start and every hour; 0 keeps jobs until
    /// `remove` or `prune`.
    public var jobRetentionDays = 0.0
    /// Seconds an idle model stays loaded after its last job ended (`keep_alive`); 0 keeps it
    /// until another model's job needs its room under ``memoryBudgetBytes``.
    public var keepAliveSeconds = 0

    /// The defaults.
    public init() {}

    /// The limits the daemon announces in its greeting.
    public var serverLimits: ServerLimits {
        ServerLimits(maxLineBytes: maxLineBytes, maxPrimerSeconds: maxPrimerSeconds, queueLimit: queueLimit)
    }

    /// The settings for a command line: the defaults, then its configuration file, then its flags.
    /// - Parameter commandLine: The parsed flags (``DaemonCommandLine/init(arguments:)``).
    /// - Throws: ``ConfigurationError`` for a file that cannot be read (the default file may
    ///   be absent), and for any unknown key or bad value, naming the file and line or the flag.
    public static func load(commandLine: DaemonCommandLine) throws(ConfigurationError) -> DaemonConfiguration {
        var configuration = DaemonConfiguration()
        switch commandLine.file {
        case .none:
            break
        case .path(let path, let required):
            if let text = try ConfigurationFile.read(path: path, required: required) {
                try ConfigurationFile.parse(text: text, path: path).apply(to: &configuration)
            }
        }
        for (key, value) in commandLine.settings {
            do {
                try key.apply(value, to: &configuration)
            } catch {
                throw .badFlagValue(flag: key.flag, value: value, reason: error.reason)
            }
        }
        return configuration
    }
}

/// When the daemon loads a model.
public enum LoadPolicy: String, Sendable, CaseIterable {
    /// Every model in the models folder at start-up, before `READY=1`: the first job starts
    /// at once, at the price of a slow start and memory held for unused models.
    case onStart = "on-start"
    /// A model when the first job needs it: a fast start; the first job waits for the load.
    case onFirstUse = "on-first-use"
}
