import JukeboxJSON

/// The `take-dropped` reply to `drop_take`: the take is dropped (written in the job's
/// record); the job goes on with `takes_left` takes from its next window.
public struct TakeDropped: Equatable, Sendable, WireObject {
    /// The job.
    public var job: JobID
    /// The take dropped, from 0.
    public var take: Int
    /// Takes the job still makes.
    public var takesLeft: Int

    /// A take-dropped reply; the arguments match the properties.
    public init(job: JobID, take: Int, takesLeft: Int) {
        self.job = job
        self.take = take
        self.takesLeft = takesLeft
    }

    init(from reader: inout FieldReader) throws(MessageError) {
        job = try reader.required("job", JobID.read)
        take = try reader.required("take", FieldReader.int)
        takesLeft = try reader.required("takes_left", FieldReader.int)
    }

    func encode(into object: inout JSONObject) {
        object["job"] = .string(job.rawValue)
        object["take"] = JSONValue(take)
        object["takes_left"] = JSONValue(takesLeft)
    }
}
