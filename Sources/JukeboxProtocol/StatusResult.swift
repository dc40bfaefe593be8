import JukeboxJSON

/// The `status` reply: the daemon's state.
public struct StatusResult: Equatable, Sendable, WireObject {
    /// The daemon's release.
    public var serverVersion: String
    /// Seconds since the daemon started.
    public var uptimeS: Double
    /// Jobs waiting, of every user.
    public var jobsQueued: Int
    /// Jobs being generated, of every user.
    public var jobsRunning: Int
    /// The models resident in memory.
    public var modelsLoaded: [String]
    /// Bytes of the loaded models' weight files (mapped; a job makes the pages of the model it
    /// is using resident), the figure loaded models count for against `memory_budget`; nil when
    /// the daemon does not say.
    public var modelsLoadedBytes: Int64?
    /// How many models the daemon unloaded to make room for a job of another model since it
    /// started; nil when the daemon does not say.
    public var modelsUnloaded: Int?
    /// The memory the daemon may use for models and jobs, in bytes (`memory_budget`).
    public var memoryBudgetBytes: Int64
    /// The memory it holds for them now, in bytes.
    public var memoryUsedBytes: Int64
    /// The disk space the state folder holds (jobs, their tokens and audio), in bytes of
    /// allocated blocks as du(1) counts them; nil when the daemon does not say.
    public var stateBytes: Int64?
    /// The free space on the state folder's file system for the daemon, in bytes; nil when the
    /// daemon does not say.
    public var stateFreeBytes: Int64?

    /// A status reply; the arguments match the properties.
    public init(
        serverVersion: String = JukeboxVersion.string, uptimeS: Double, jobsQueued: Int, jobsRunning: Int,
        modelsLoaded: [String], memoryBudgetBytes: Int64, memoryUsedBytes: Int64, stateBytes: Int64? = nil,
        stateFreeBytes: Int64? = nil, modelsLoadedBytes: Int64? = nil, modelsUnloaded: Int? = nil
    ) {
        self.serverVersion = serverVersion
        self.uptimeS = uptimeS
        self.jobsQueued = jobsQueued
        self.jobsRunning = jobsRunning
        self.modelsLoaded = modelsLoaded
        self.memoryBudgetBytes = memoryBudgetBytes
        self.memoryUsedBytes = memoryUsedBytes
        self.stateBytes = stateBytes
        self.stateFreeBytes = stateFreeBytes
        self.modelsLoadedBytes = modelsLoadedBytes
        self.modelsUnloaded = modelsUnloaded
    }

    init(from reader: inout FieldReader) throws(MessageError) {
        serverVersion = try reader.required("version", FieldReader.string)
        uptimeS = try reader.required("uptime_s", FieldReader.double)
        jobsQueued = try reader.required("jobs_queued", FieldReader.int)
        jobsRunning = try reader.required("jobs_running", FieldReader.int)
        modelsLoaded = try reader.required("models_loaded", FieldReader.array(FieldReader.string))
        memoryBudgetBytes = Int64(try reader.required("memory_budget_bytes", FieldReader.int))
        memoryUsedBytes = Int64(try reader.required("memory_used_bytes", FieldReader.int))
        stateBytes = try reader.optional("state_bytes", FieldReader.int).map { Int64($0) }
        stateFreeBytes = try reader.optional("state_free_bytes", FieldReader.int).map { Int64($0) }
        modelsLoadedBytes = try reader.optional("models_loaded_bytes", FieldReader.int).map { Int64($0) }
        modelsUnloaded = try reader.optional("models_unloaded", FieldReader.int)
    }

    func encode(into object: inout JSONObject) {
        object["version"] = .string(serverVersion)
        object["uptime_s"] = .number(uptimeS)
        object["jobs_queued"] = JSONValue(jobsQueued)
        object["jobs_running"] = JSONValue(jobsRunning)
        object["models_loaded"] = .array(modelsLoaded.map { .string($0) })
        object["memory_budget_bytes"] = .integer(memoryBudgetBytes)
        object["memory_used_bytes"] = .integer(memoryUsedBytes)
        if let stateBytes { object["state_bytes"] = .integer(stateBytes) }
        if let stateFreeBytes { object["state_free_bytes"] = .integer(stateFreeBytes) }
        if let modelsLoadedBytes { object["models_loaded_bytes"] = .integer(modelsLoadedBytes) }
        if let modelsUnloaded { object["models_unloaded"] = JSONValue(modelsUnloaded) }
    }
}
