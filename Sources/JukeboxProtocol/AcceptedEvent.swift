import JukeboxJSON

/// The `accepted` event, the reply to `submit`: the job is queued.
public struct AcceptedEvent: Equatable, Sendable, WireObject {
    /// The new job's id.
    public var job: JobID
    /// Its place in the queue (0 = next).
    public var queuePosition: Int
    /// The sampler's seed, the request's or the one the daemon drew; submitting again with
    /// it and the same fields gives the same takes.
    public var seed: Int64

    /// An accepted event; the arguments match the properties.
    public init(job: JobID, queuePosition: Int, seed: Int64) {
        self.job = job
        self.queuePosition = queuePosition
        self.seed = seed
    }

    init(from reader: inout FieldReader) throws(MessageError) {
        job = try reader.required("job", JobID.read)
        queuePosition = try reader.required("queue_position", FieldReader.int)
        seed = Int64(try reader.required("seed", FieldReader.int))
    }

    func encode(into object: inout JSONObject) {
        object["job"] = .string(job.rawValue)
        object["queue_position"] = JSONValue(queuePosition)
        object["seed"] = .integer(seed)
    }
}
