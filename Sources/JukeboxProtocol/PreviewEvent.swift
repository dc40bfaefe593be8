import JukeboxJSON

/// The `preview` event: after a top-level window, one take's music so far was decoded and
/// written to the job folder; `fetch` with `"preview":true` (or `jukebox listen`) gets it.
public struct PreviewEvent: Equatable, Sendable, WireObject {
    /// The job.
    public var job: JobID
    /// The take, from 0.
    public var take: Int
    /// The level the preview is decoded from (the top level).
    public var level: Int
    /// The preview's length, in seconds (the primer's part included).
    public var durationS: Double

    /// A preview event; the arguments match the properties.
    public init(job: JobID, take: Int, level: Int, durationS: Double) {
        self.job = job
        self.take = take
        self.level = level
        self.durationS = durationS
    }

    init(from reader: inout FieldReader) throws(MessageError) {
        job = try reader.required("job", JobID.read)
        take = try reader.required("take", FieldReader.int)
        level = try reader.required("level", FieldReader.int)
        durationS = try reader.required("duration_s", FieldReader.double)
    }

    func encode(into object: inout JSONObject) {
        object["job"] = .string(job.rawValue)
        object["take"] = JSONValue(take)
        object["level"] = JSONValue(level)
        object["duration_s"] = .number(durationS)
    }
}
