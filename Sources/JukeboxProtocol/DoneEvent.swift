import JukeboxJSON

/// The `done` event, the last of a job that finished: its takes can be fetched.
public struct DoneEvent: Equatable, Sendable, WireObject {
    /// The job.
    public var job: JobID
    /// How many takes it made (fetch takes 0 to `takes - 1`).
    public var takes: Int
    /// The length of each take, in seconds.
    public var durationS: Double
    /// The lowest level the job sampled: the takes' final audio is at this level (0 for a
    /// finished song, 2 or 1 for a job stopped after a preview level). Absent from older daemons.
    public var level: Int?
    /// When the job started and ended, and each level's compute time (empty from older daemons).
    public var times = JobTimes()

    /// Takes (from 0) dropped mid-job (`drop_take`): they were not made to the end; only their
    /// tokens so far and their last preview can be fetched. Absent when none was.
    public var droppedTakes: [Int]

    /// A done event; the arguments match the properties.
    public init(
        job: JobID, takes: Int, durationS: Double, level: Int? = nil, times: JobTimes = JobTimes(),
        droppedTakes: [Int] = []
    ) {
        self.job = job
        self.takes = takes
        self.durationS = durationS
        self.level = level
        self.times = times
        self.droppedTakes = droppedTakes
    }

    /// The takes (from 0) the job made to the end.
    public var madeTakes: [Int] { (0..<takes).filter { !droppedTakes.contains($0) } }

    init(from reader: inout FieldReader) throws(MessageError) {
        job = try reader.required("job", JobID.read)
        takes = try reader.required("takes", FieldReader.int)
        durationS = try reader.required("duration_s", FieldReader.double)
        level = try reader.optional("level", FieldReader.int)
        times = try JobTimes(from: &reader)
        droppedTakes = try reader.optional("dropped_takes", FieldReader.array(FieldReader.int)) ?? []
    }

    func encode(into object: inout JSONObject) {
        object["job"] = .string(job.rawValue)
        object["takes"] = JSONValue(takes)
        object["duration_s"] = .number(durationS)
        if let level { object["level"] = JSONValue(level) }
        times.encode(into: &object)
        if !droppedTakes.isEmpty { object["dropped_takes"] = .array(droppedTakes.map { JSONValue($0) }) }
    }
}
