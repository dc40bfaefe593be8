import JukeboxJSON

/// The kinds of line the daemon sends, with their members.
public enum ReplyBody: Equatable, Sendable {
    /// `hello`: the greeting, first line on every connection.
    case hello(Hello)
    /// `models`: the reply to `models`.
    case models([ModelInfo])
    /// `labels`: the reply to `labels`.
    case labels(LabelsResult)
    /// `jobs`: the reply to `jobs`, the client's jobs oldest first.
    case jobs([JobSummary])
    /// `status`: the reply to `status`.
    case status(StatusResult)
    /// `audio`: the reply to `fetch`.
    case audio(AudioResult)
    /// `tokens`: the reply to `fetch` with `"tokens":true`.
    case tokens(TokensResult)
    /// `accepted`: the reply to `submit`.
    case accepted(AcceptedEvent)
    /// `estimate`: the reply to `estimate`.
    case estimate(WorkEstimate)
    /// `progress`: a job's progress, to `watch` and watching `submit` requests.
    case progress(ProgressEvent)
    /// `level-done`: a job finished a level.
    case levelDone(LevelDoneEvent)
    /// `done`: a job finished; the last event of its stream.
    case done(DoneEvent)
    /// `failed`: a job stopped on an error; the last event of its stream.
    case failed(FailedEvent)
    /// `paused`: a job cannot go on for now (a full disk) and is tried again later; not the
    /// end of its stream.
    case paused(PausedEvent)
    /// `preview`: one take's music so far was written after a top-level window; not the end
    /// of the job's stream.
    case preview(PreviewEvent)
    /// `take-dropped`: the reply to `drop_take`.
    case takeDropped(TakeDropped)
    /// `cancelled`: a job was cancelled; the reply to `cancel`, and the last event of the
    /// job's stream.
    case cancelled(job: JobID)
    /// `error`: the request failed; nothing was done. The last line for its id.
    case error(ErrorReply)
    /// `removed`: the reply to `remove` and `prune`, the jobs removed.
    case removed(RemovedResult)

    /// The `type` member of this kind.
    public var type: String {
        switch self {
        case .hello: return "hello"
        case .models: return "models"
        case .labels: return "labels"
        case .jobs: return "jobs"
        case .status: return "status"
        case .audio: return "audio"
        case .tokens: return "tokens"
        case .accepted: return "accepted"
        case .estimate: return "estimate"
        case .progress: return "progress"
        case .levelDone: return "level-done"
        case .done: return "done"
        case .failed: return "failed"
        case .paused: return "paused"
        case .preview: return "preview"
        case .takeDropped: return "take-dropped"
        case .cancelled: return "cancelled"
        case .error: return "error"
        case .removed: return "removed"
        }
    }

    /// Whether this is the last line the daemon sends for its request id: the result of a
    /// one-shot request, an error, or the end of a job's event stream.
    ///
    /// `accepted` ends a `submit` without `"watch":true`; with it, the stream goes on to
    /// `done`, `failed` or `cancelled`, so a watching client ignores this for `accepted`.
    public var endsRequest: Bool {
        switch self {
        case .hello, .progress, .levelDone, .paused, .preview: return false
        default: return true
        }
    }

    /// Reads the members of the kind named `type`.
    init(type: String, reader: inout FieldReader) throws(MessageError) {
        switch type {
        case "hello": self = .hello(try Hello(from: &reader))
        case "models": self = .models(try reader.required("models", FieldReader.array(ModelInfo.nested)))
        case "labels": self = .labels(try LabelsResult(from: &reader))
        case "jobs": self = .jobs(try reader.required("jobs", FieldReader.array(JobSummary.nested)))
        case "status": self = .status(try StatusResult(from: &reader))
        case "audio": self = .audio(try AudioResult(from: &reader))
        case "tokens": self = .tokens(try TokensResult(from: &reader))
        case "accepted": self = .accepted(try AcceptedEvent(from: &reader))
        case "estimate": self = .estimate(try reader.required("estimate", WorkEstimate.nested))
        case "progress": self = .progress(try ProgressEvent(from: &reader))
        case "level-done": self = .levelDone(try LevelDoneEvent(from: &reader))
        case "done": self = .done(try DoneEvent(from: &reader))
        case "failed": self = .failed(try FailedEvent(from: &reader))
        case "paused": self = .paused(try PausedEvent(from: &reader))
        case "preview": self = .preview(try PreviewEvent(from: &reader))
        case "take-dropped": self = .takeDropped(try TakeDropped(from: &reader))
        case "cancelled": self = .cancelled(job: try reader.required("job", JobID.read))
        case "error": self = .error(try reader.required("error", ErrorReply.nested))
        case "removed": self = .removed(try RemovedResult(from: &reader))
        default: throw .unknownOperation(type)
        }
    }
}
