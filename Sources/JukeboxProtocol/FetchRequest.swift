import JukeboxJSON

/// `{"op":"fetch","id":1,"job":"j1","take":0}`: the audio (or tokens) of one take of a job.
public struct FetchRequest: Equatable, Sendable {
    /// The job.
    public var job: JobID
    /// The take, counted from 0.
    public var take: Int
    /// The level: 0 is the finished audio, 1 and 2 the coarser levels (decoded from their tokens).
    public var level: Int
    /// When true, the reply carries the level's VQ-VAE tokens instead of audio.
    public var tokens: Bool
    /// The audio container; nil means the job's own format.
    public var format: AudioFormat?
    /// When true, the reply is the take's latest preview: its top-level tokens so far,
    /// decoded after the last top-level window (``level`` does not apply).
    public var preview: Bool

    /// The allowed range of ``take``.
    public static let takeRange = 0...(GenerationLimits.takes.upperBound - 1)

    /// A fetch request.
    /// - Parameters:
    ///   - job: The job.
    ///   - take: The take, from 0.
    ///   - level: The level, 0...2.
    ///   - tokens: Tokens instead of audio.
    ///   - format: Audio container, or nil for the job's.
    ///   - preview: The latest preview instead of a level's audio.
    public init(
        job: JobID, take: Int = 0, level: Int = 0, tokens: Bool = false, format: AudioFormat? = nil,
        preview: Bool = false
    ) {
        self.job = job
        self.preview = preview
        self.take = take
        self.level = level
        self.tokens = tokens
        self.format = format
    }

    /// Reads the request's own members.
    init(from reader: inout FieldReader) throws(MessageError) {
        job = try reader.required("job", JobID.read)
        take = try reader.optional("take", FieldReader.int(in: Self.takeRange)) ?? 0
        level = try reader.optional("level", FieldReader.int(in: 0...2)) ?? 0
        tokens = try reader.optional("tokens", FieldReader.bool) ?? false
        format = try reader.optional("format", FieldReader.word(AudioFormat.self))
        preview = try reader.optional("preview", FieldReader.bool) ?? false
        if preview, tokens {
            throw .invalidValue(field: reader.path(of: "preview"), reason: "does not go with \"tokens\": true")
        }
        if tokens, format != nil {
            throw .invalidValue(field: reader.path(of: "format"), reason: "does not apply when \"tokens\" is true")
        }
    }

    /// Writes the request's own members into `object`.
    func encode(into object: inout JSONObject) {
        object["job"] = .string(job.rawValue)
        object["take"] = JSONValue(take)
        object["level"] = JSONValue(level)
        object["tokens"] = .bool(tokens)
        if let format { object["format"] = .string(format.rawValue) }
        if preview { object["preview"] = .bool(true) }
    }
}
