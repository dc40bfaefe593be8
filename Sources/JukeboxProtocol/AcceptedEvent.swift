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
    /// What the job should take, as the `estimate` reply would say; nil when the daemon has
    /// none (a job resumed after a restart, watched before it starts).
    public var estimate: WorkEstimate?
    /// Seconds until the job should start: 0 when it is next and nothing runs, else the
    /// estimated time left of the running job and of the jobs ahead; nil when one of them has
    /// no estimate.
    public var startsInS: Double?

    /// An accepted event; the arguments match the properties.
    public init(
        job: JobID, queuePosition: Int, seed: Int64, estimate: WorkEstimate? = nil, startsInS: Double? = nil
    ) {
        self.job = job
        self.queuePosition = queuePosition
        self.seed = seed
        self.estimate = estimate
        self.startsInS = startsInS
    }

    init(from reader: inout FieldReader) throws(MessageError) {
        job = try reader.required("job", JobID.read)
        queuePosition = try reader.required("queue_position", FieldReader.int)
        seed = Int64(try reader.required("seed", FieldReader.int))
        estimate = try reader.optional("estimate", WorkEstimate.nested)
        startsInS = try reader.optional("starts_in_s", FieldReader.double)
    }

    func encode(into object: inout JSONObject) {
        object["job"] = .string(job.rawValue)
        object["queue_position"] = JSONValue(queuePosition)
        object["seed"] = .integer(seed)
        if let estimate { object["estimate"] = estimate.wireJSON }
        if let startsInS { object["starts_in_s"] = .number(startsInS) }
    }
}
