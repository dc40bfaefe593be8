import JukeboxJSON

/// The `done` event, the last of a job that finished: its takes can be fetched.
public struct DoneEvent: Equatable, Sendable, WireObject {
    /// The job.
    public var job: JobID
    /// How many takes it made (fetch takes 0 to `takes - 1`).
    public var takes: Int
    /// The length of each take, in seconds.
    public var durationS: Double

    /// A done event; the arguments match the properties.
    public init(job: JobID, takes: Int, durationS: Double) {
        self.job = job
        self.takes = takes
        self.durationS = durationS
    }

    init(from reader: inout FieldReader) throws(MessageError) {
        job = try reader.required("job", JobID.read)
        takes = try reader.required("takes", FieldReader.int)
        durationS = try reader.required("duration_s", FieldReader.double)
    }

    func encode(into object: inout JSONObject) {
        object["job"] = .string(job.rawValue)
        object["takes"] = JSONValue(takes)
        object["duration_s"] = .number(durationS)
    }
}
