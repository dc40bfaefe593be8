import JukeboxJSON

/// One line from the daemon: the greeting, the result of a request, an event of a job, or
/// an error.
///
/// `{"type":"progress","id":1,...}`: `type` names the kind, `id` echoes the request's id
/// (absent only from the greeting; `null` in an error reply to a line whose id could not be
/// read). Decoding is lenient about members, so a client keeps working when a later daemon
/// adds some, but strict about the members it reads.
public struct Reply: Equatable, Sendable {
    /// The id of the request this answers; nil for the greeting, and for an error about a
    /// line without a readable id.
    public var id: RequestID?
    /// The kind of reply and its members.
    public var body: ReplyBody

    /// A reply.
    /// - Parameters:
    ///   - id: The request's id (nil for the greeting).
    ///   - body: The kind and its members.
    public init(id: RequestID?, body: ReplyBody) {
        self.id = id
        self.body = body
    }

    /// The error reply for a request line that failed to decode, echoing its id if it had one.
    /// - Parameters:
    ///   - error: Why it failed.
    ///   - message: The parsed line, when it parsed.
    public init(error: MessageError, in message: JSONValue?) {
        self.init(id: message.flatMap { RequestID.peek(in: $0) }, body: .error(error.errorReply))
    }

    /// The JSON object: `type`, `id` (except in the greeting), then the members.
    public var jsonValue: JSONValue {
        var object: JSONObject = ["type": .string(body.type)]
        if case .hello = body {} else { object["id"] = id?.jsonValue ?? .null }
        switch body {
        case .hello(let hello): hello.encode(into: &object)
        case .models(let models): object["models"] = .array(models.map(\.wireJSON))
        case .labels(let labels): labels.encode(into: &object)
        case .jobs(let jobs): object["jobs"] = .array(jobs.map(\.wireJSON))
        case .status(let status): status.encode(into: &object)
        case .audio(let audio): audio.encode(into: &object)
        case .tokens(let tokens): tokens.encode(into: &object)
        case .accepted(let event): event.encode(into: &object)
        case .estimate(let estimate): object["estimate"] = estimate.wireJSON
        case .progress(let event): event.encode(into: &object)
        case .levelDone(let event): event.encode(into: &object)
        case .done(let event): event.encode(into: &object)
        case .failed(let event): event.encode(into: &object)
        case .paused(let event): event.encode(into: &object)
        case .preview(let event): event.encode(into: &object)
        case .takeDropped(let dropped): dropped.encode(into: &object)
        case .cancelled(let job): object["job"] = .string(job.rawValue)
        case .error(let error): object["error"] = error.jsonValue
        case .removed(let removed): removed.encode(into: &object)
        }
        return .object(object)
    }

    /// The line to send: ``jsonValue`` serialised, with its `\n`.
    public var line: [UInt8] {
        var bytes = jsonValue.serializedBytes()
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// Reads a reply from a parsed line.
    /// - Parameter message: The parsed line.
    /// - Throws: ``MessageError`` naming the member at fault;
    ///   ``MessageError/unknownOperation(_:)`` for a `type` this release does not know.
    public init(decoding message: JSONValue) throws(MessageError) {
        var reader = try FieldReader(message, strict: false)
        let type = try reader.required("type", FieldReader.string)
        id = try reader.optional("id", RequestID.read)
        body = try ReplyBody(type: type, reader: &reader)
    }

    /// Parses and reads one reply line.
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
}
