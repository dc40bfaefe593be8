import JukeboxJSON

/// One request line: an operation, its fields and the client's `id`.
///
/// `{"op":"status","id":1}`. Decoding is strict: a member the operation does not define is
/// ``MessageError/unknownField(_:)``, and every field is checked for type and range.
public struct Request: Equatable, Sendable {
    /// The client's id, echoed in every reply and event for this request.
    public var id: RequestID
    /// The operation and its fields.
    public var body: RequestBody

    /// A request.
    /// - Parameters:
    ///   - id: The client's id.
    ///   - body: The operation and its fields.
    public init(id: RequestID, body: RequestBody) {
        self.id = id
        self.body = body
    }

    /// Reads a request from a parsed line.
    /// - Parameter message: The parsed line.
    /// - Throws: ``MessageError`` naming the field at fault; ``RequestID/peek(in:)`` gives the
    ///   id to put in the error reply.
    public init(decoding message: JSONValue) throws(MessageError) {
        var reader = try FieldReader(message, strict: true)
        let opName = try reader.required("op", FieldReader.string)
        guard let op = Operation(rawValue: opName) else { throw .unknownOperation(opName) }
        id = try reader.required("id", RequestID.read)
        try reader.allow(only: Self.fields(of: op))
        switch op {
        case .models: body = .models
        case .labels: body = .labels(try LabelsRequest(from: &reader))
        case .submit: body = .submit(try SubmitRequest(from: &reader))
        case .estimate: body = .estimate(try SubmitRequest(from: &reader))
        case .watch: body = .watch(job: try reader.required("job", JobID.read))
        case .jobs: body = .jobs
        case .cancel: body = .cancel(job: try reader.required("job", JobID.read))
        case .fetch: body = .fetch(try FetchRequest(from: &reader))
        case .status: body = .status
        case .remove: body = .remove(job: try reader.required("job", JobID.read))
        case .prune: body = .prune(try PruneRequest(from: &reader))
        case .dropTake:
            body = .dropTake(
                job: try reader.required("job", JobID.read),
                take: try reader.required("take", FieldReader.int(in: FetchRequest.takeRange)))
        }
        try reader.finish()
    }

    /// Parses and reads one request line.
    /// - Parameters:
    ///   - line: The line's bytes, with or without its `\n`.
    ///   - parser: The parser, whose limits apply.
    /// - Throws: ``MessageError/json(_:)`` for a line that is not JSON, else as ``init(decoding:)``.
    public init(line: some Collection<UInt8>, parser: JSONParser) throws(MessageError) {
        let message: JSONValue
        do {
            message = try parser.parse(line)
        } catch {
            throw .json(error)
        }
        try self.init(decoding: message)
    }

    /// The JSON object: `op`, `id`, then the operation's fields.
    public var jsonValue: JSONValue {
        var object: JSONObject = ["op": .string(body.operation.rawValue), "id": id.jsonValue]
        switch body {
        case .models, .jobs, .status: break
        case .labels(let labels): labels.encode(into: &object)
        case .submit(let submit), .estimate(let submit): submit.encode(into: &object)
        case .watch(let job), .cancel(let job): object["job"] = .string(job.rawValue)
        case .fetch(let fetch): fetch.encode(into: &object)
        case .remove(let job): object["job"] = .string(job.rawValue)
        case .prune(let prune): prune.encode(into: &object)
        case .dropTake(let job, let take):
            object["job"] = .string(job.rawValue)
            object["take"] = JSONValue(take)
        }
        return .object(object)
    }

    /// The members an operation defines besides `op` and `id`.
    public static func fields(of op: Operation) -> [String] {
        switch op {
        case .models, .jobs, .status: return []
        case .labels: return ["model", "artist", "genre", "limit", "exact"]
        case .submit, .estimate:
            return [
                "model", "mode", "primer_base64", "primer_path", "job", "take", "artist", "genres", "lyrics",
                "prompt_seconds", "seconds", "song_seconds", "offset_seconds", "takes", "seed", "temperatures",
                "temperature", "top_k", "top_p", "levels", "hop_fractions", "format", "watch",
            ]
        case .watch, .cancel: return ["job"]
        case .fetch: return ["job", "take", "level", "tokens", "format", "preview"]
        case .remove: return ["job"]
        case .prune: return ["older_than_days"]
        case .dropTake: return ["job", "take"]
        }
    }
}

/// The operation of a request with its fields.
public enum RequestBody: Equatable, Sendable {
    /// `models`: list the models.
    case models
    /// `labels`: search a model's artists and genres.
    case labels(LabelsRequest)
    /// `submit`: queue a job.
    case submit(SubmitRequest)
    /// `estimate`: what a `submit` of the same fields would cost; nothing is queued.
    case estimate(SubmitRequest)
    /// `watch`: stream a job's events.
    case watch(job: JobID)
    /// `jobs`: list the client's jobs.
    case jobs
    /// `cancel`: cancel a job.
    case cancel(job: JobID)
    /// `fetch`: the audio or tokens of a take.
    case fetch(FetchRequest)
    /// `status`: the daemon's state.
    case status
    /// `remove`: remove an ended job's folder and record.
    case remove(job: JobID)
    /// `prune`: remove ended jobs older than some days.
    case prune(PruneRequest)
    /// `drop_take`: drop take `take` (from 0) of a queued or running job.
    case dropTake(job: JobID, take: Int)

    /// The operation's name.
    public var operation: Operation {
        switch self {
        case .models: return .models
        case .labels: return .labels
        case .submit: return .submit
        case .estimate: return .estimate
        case .watch: return .watch
        case .jobs: return .jobs
        case .cancel: return .cancel
        case .fetch: return .fetch
        case .status: return .status
        case .remove: return .remove
        case .prune: return .prune
        case .dropTake: return .dropTake
        }
    }
}
