import JukeboxJSON

/// The `paused` event: the job could not go on for a reason that passes (a full disk,
/// `disk_full`); it keeps its place and its tokens, and the daemon tries again after
/// `retry_s` seconds. Not the end of the stream: `progress` follows when it goes on.
public struct PausedEvent: Equatable, Sendable, WireObject {
    /// The job.
    public var job: JobID
    /// Why it paused.
    public var error: ErrorReply
    /// Seconds until the next try.
    public var retryS: Double

    /// A paused event; the arguments match the properties.
    public init(job: JobID, error: ErrorReply, retryS: Double) {
        self.job = job
        self.error = error
        self.retryS = retryS
    }

    init(from reader: inout FieldReader) throws(MessageError) {
        job = try reader.required("job", JobID.read)
        error = try reader.required("error", ErrorReply.nested)
        retryS = try reader.required("retry_s", FieldReader.double)
    }

    func encode(into object: inout JSONObject) {
        object["job"] = .string(job.rawValue)
        object["error"] = error.jsonValue
        object["retry_s"] = .number(retryS)
    }
}
