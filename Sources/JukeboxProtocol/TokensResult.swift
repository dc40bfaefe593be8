import JukeboxJSON

/// The `fetch` reply with `"tokens":true`: the VQ-VAE codes of one take at one level.
public struct TokensResult: Equatable, Sendable, WireObject {
    /// The job.
    public var job: JobID
    /// The take, from 0.
    public var take: Int
    /// The level of the codes.
    public var level: Int
    /// The codes in time order, each in 0..<codebook size (2048 for the published models).
    public var tokens: [Int]

    /// A tokens reply; the arguments match the properties.
    public init(job: JobID, take: Int, level: Int, tokens: [Int]) {
        self.job = job
        self.take = take
        self.level = level
        self.tokens = tokens
    }

    init(from reader: inout FieldReader) throws(MessageError) {
        job = try reader.required("job", JobID.read)
        take = try reader.required("take", FieldReader.int)
        level = try reader.required("level", FieldReader.int)
        tokens = try reader.required("tokens", FieldReader.array(FieldReader.int))
    }

    func encode(into object: inout JSONObject) {
        object["job"] = .string(job.rawValue)
        object["take"] = JSONValue(take)
        object["level"] = JSONValue(level)
        object["tokens"] = .array(tokens.map { JSONValue($0) })
    }
}
