import JukeboxJSON

/// One entry of the `jobs` reply: a job of the client's user.
public struct JobSummary: Equatable, Sendable, WireObject {
    /// The job.
    public var job: JobID
    /// Where it stands.
    public var state: JobState
    /// The model it runs.
    public var model: String
    /// How it makes music.
    public var mode: GenerationMode
    /// How many takes it generates.
    public var takes: Int
    /// Its place in the queue (0 = next) while ``state`` is ``JobState/queued``, else nil.
    public var queuePosition: Int?
    /// When it was submitted, in seconds since the Unix epoch.
    public var createdUnixS: Int64
    /// While queued: seconds until it should start (the estimated time left of the running job
    /// and of the jobs ahead); nil when one of them has no estimate, and for other states.
    public var startsInS: Double?
    /// While running: the estimated seconds left (the sampler's own estimate once it has one,
    /// else the job's estimate less the time it has run); nil when unknown and for other states.
    public var remainingS: Double?
    /// When it started and ended, and each finished level's compute time.
    public var times = JobTimes()
    /// The seed of its sampler (the request's, or the one the daemon drew).
    public var seed: Int64
    /// Seconds of audio per take (the source take's or primer's part included); nil when not known yet.
    public var durationS: Double?
    /// The job and take (from 0) a ``GenerationMode/continue`` or ``GenerationMode/upsample`` job
    /// builds on; nil for a new song.
    public var parent: TakeReference?

    /// A job entry; the arguments match the properties.
    public init(
        job: JobID, state: JobState, model: String, mode: GenerationMode, takes: Int, queuePosition: Int? = nil,
        createdUnixS: Int64, startsInS: Double? = nil, remainingS: Double? = nil, times: JobTimes = JobTimes(),
        seed: Int64 = 0, durationS: Double? = nil, parent: TakeReference? = nil
    ) {
        self.job = job
        self.state = state
        self.model = model
        self.mode = mode
        self.takes = takes
        self.queuePosition = queuePosition
        self.createdUnixS = createdUnixS
        self.startsInS = startsInS
        self.remainingS = remainingS
        self.times = times
        self.seed = seed
        self.durationS = durationS
        self.parent = parent
    }

    init(from reader: inout FieldReader) throws(MessageError) {
        job = try reader.required("job", JobID.read)
        state = try reader.required("state", FieldReader.word(JobState.self))
        model = try reader.required("model", FieldReader.string)
        mode = try reader.required("mode", FieldReader.word(GenerationMode.self))
        takes = try reader.required("takes", FieldReader.int)
        queuePosition = try reader.optional("queue_position", FieldReader.int)
        createdUnixS = Int64(try reader.required("created_unix_s", FieldReader.int))
        startsInS = try reader.optional("starts_in_s", FieldReader.double)
        remainingS = try reader.optional("remaining_s", FieldReader.double)
        times = try JobTimes(from: &reader)
        seed = Int64(try reader.required("seed", FieldReader.int(in: 0...Int.max)))
        durationS = try reader.optional("duration_s", FieldReader.double)
        let parentJob = try reader.optional("parent_job", JobID.read)
        let parentTake = try reader.optional("parent_take", FieldReader.int(in: FetchRequest.takeRange))
        parent = parentJob.map { TakeReference(job: $0, take: parentTake ?? 0) }
    }

    func encode(into object: inout JSONObject) {
        object["job"] = .string(job.rawValue)
        object["state"] = .string(state.rawValue)
        object["model"] = .string(model)
        object["mode"] = .string(mode.rawValue)
        object["takes"] = JSONValue(takes)
        if let queuePosition { object["queue_position"] = JSONValue(queuePosition) }
        object["created_unix_s"] = .integer(createdUnixS)
        if let startsInS { object["starts_in_s"] = .number(startsInS) }
        if let remainingS { object["remaining_s"] = .number(remainingS) }
        times.encode(into: &object)
        object["seed"] = .integer(seed)
        if let durationS { object["duration_s"] = .number(durationS) }
        if let parent {
            object["parent_job"] = .string(parent.job.rawValue)
            object["parent_take"] = JSONValue(parent.take)
        }
    }
}

/// Where a job stands.
public enum JobState: String, Sendable, CaseIterable {
    /// Waiting for its turn.
    case queued
    /// Being generated.
    case running
    /// Finished; its takes can be fetched.
    case done
    /// Stopped by an error.
    case failed
    /// Stopped by a `cancel`.
    case cancelled
}
