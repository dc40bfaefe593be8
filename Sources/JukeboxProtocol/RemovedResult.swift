import JukeboxJSON

/// The `removed` reply to `remove` and `prune`: the jobs whose folders and records are gone.
public struct RemovedResult: Equatable, Sendable, WireObject {
    /// The jobs removed, oldest first (one for `remove`; any number, none included, for `prune`).
    public var jobs: [JobID]
    /// The disk space their folders held, in bytes (allocated blocks, as du(1) counts them).
    public var freedBytes: Int64

    /// A removed reply; the arguments match the properties.
    public init(jobs: [JobID], freedBytes: Int64) {
        self.jobs = jobs
        self.freedBytes = freedBytes
    }

    init(from reader: inout FieldReader) throws(MessageError) {
        jobs = try reader.required("jobs", FieldReader.array(JobID.read))
        freedBytes = Int64(try reader.required("freed_bytes", FieldReader.int))
    }

    func encode(into object: inout JSONObject) {
        object["jobs"] = .array(jobs.map { .string($0.rawValue) })
        object["freed_bytes"] = .integer(freedBytes)
    }
}
