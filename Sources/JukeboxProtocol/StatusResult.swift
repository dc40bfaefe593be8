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
    /// The memory the daemon may use for models and jobs, in bytes (`memory_budget`).
    public var memoryBudgetBytes: Int64
    /// The memory it holds for them now, in bytes.
    public var memoryUsedBytes: Int64

    /// A status reply; the arguments match the properties.
    public init(
        serverVersion: String = JukeboxVersion.string, uptimeS: Double, jobsQueued: Int, jobsRunning: Int,
        modelsLoaded: [String], memoryBudgetBytes: Int64, memoryUsedBytes: Int64
    ) {
        self.serverVersion = serverVersion
        self.uptimeS = uptimeS
        self.jobsQueued = jobsQueued
        self.jobsRunning = jobsRunning
        self.modelsLoaded = modelsLoaded
        self.memoryBudgetBytes = memoryBudgetBytes
        self.memoryUsedBytes = memoryUsedBytes
    }

    init(from reader: inout FieldReader) throws(MessageError) {
        serverVersion = try reader.required("version", FieldReader.string)
        uptimeS = try reader.required("uptime_s", FieldReader.double)
        jobsQueued = try reader.required("jobs_queued", FieldReader.int)
        jobsRunning = try reader.required("jobs_running", FieldReader.int)
        modelsLoaded = try reader.required("models_loaded", FieldReader.array(FieldReader.string))
        memoryBudgetBytes = Int64(try reader.required("memory_budget_bytes", FieldReader.int))
        memoryUsedBytes = Int64(try reader.required("memory_used_bytes", FieldReader.int))
    }

    func encode(into object: inout JSONObject) {
        object["version"] = .string(serverVersion)
        object["uptime_s"] = .number(uptimeS)
        object["jobs_queued"] = JSONValue(jobsQueued)
        object["jobs_running"] = JSONValue(jobsRunning)
        object["models_loaded"] = .array(modelsLoaded.map { .string($0) })
        object["memory_budget_bytes"] = .integer(memoryBudgetBytes)
        object["memory_used_bytes"] = .integer(memoryUsedBytes)
    }
}
