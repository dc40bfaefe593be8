import JukeboxJSON

/// The `level-done` event: every take of a job is sampled at one level; its tokens can be
/// fetched (`"tokens":true`) from now on.
public struct LevelDoneEvent: Equatable, Sendable, WireObject {
    /// The job.
    public var job: JobID
    /// The level finished.
    public var level: Int
    /// The seconds of music the level's tokens cover.
    public var durationS: Double

    /// A level-done event; the arguments match the properties.
    public init(job: JobID, level: Int, durationS: Double) {
        self.job = job
        self.level = level
        self.durationS = durationS
    }

    init(from reader: inout FieldReader) throws(MessageError) {
        job = try reader.required("job", JobID.read)
        level = try reader.required("level", FieldReader.int)
        durationS = try reader.required("duration_s", FieldReader.double)
    }

    func encode(into object: inout JSONObject) {
        object["job"] = .string(job.rawValue)
        object["level"] = JSONValue(level)
        object["duration_s"] = .number(durationS)
    }
}
