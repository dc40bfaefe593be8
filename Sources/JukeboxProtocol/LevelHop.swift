import JukeboxJSON

/// One level of a model as a script sizes work by it: audio samples per token and tokens per
/// second of music (`level_hops` in a `models` entry).
public struct LevelHop: Equatable, Sendable, WireObject {
    /// The level (2 is the top).
    public var level: Int
    /// Audio samples one token of this level covers (the VQ-VAE's hop length).
    public var hopSamples: Int
    /// Tokens per second of music: the sample rate over the hop.
    public var tokensPerS: Double

    /// A level's hop; the arguments match the properties.
    public init(level: Int, hopSamples: Int, tokensPerS: Double) {
        self.level = level
        self.hopSamples = hopSamples
        self.tokensPerS = tokensPerS
    }

    init(from reader: inout FieldReader) throws(MessageError) {
        level = try reader.required("level", FieldReader.int)
        hopSamples = try reader.required("hop_samples", FieldReader.int)
        tokensPerS = try reader.required("tokens_per_s", FieldReader.double)
    }

    func encode(into object: inout JSONObject) {
        object["level"] = JSONValue(level)
        object["hop_samples"] = JSONValue(hopSamples)
        object["tokens_per_s"] = .number(tokensPerS)
    }
}
