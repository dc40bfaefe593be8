import JukeboxJSON

/// The `failed` event, the last of a job stopped by an error; `error` says why.
public struct FailedEvent: Equatable, Sendable, WireObject {
    /// The job.
    public var job: JobID
    /// Why it failed.
    public var error: ErrorReply

    /// A failed event; the arguments match the properties.
    public init(job: JobID, error: ErrorReply) {
        self.job = job
        self.error = error
    }

    init(from reader: inout FieldReader) throws(MessageError) {
        job = try reader.required("job", JobID.read)
        error = try reader.required("error", ErrorReply.nested)
    }

    func encode(into object: inout JSONObject) {
        object["job"] = .string(job.rawValue)
        object["error"] = error.jsonValue
    }
}
