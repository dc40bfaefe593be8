import JukeboxJSON

/// One entry of the `models` reply: a model bundle in the daemon's models folder.
public struct ModelInfo: Equatable, Sendable, WireObject {
    /// The model's name (its folder name), as `submit` and `labels` take it.
    public var name: String
    /// The audio sample rate, in hertz.
    public var sampleRateHz: Int
    /// The number of levels (3 for every published model).
    public var levels: Int
    /// Whether the top prior is conditioned on lyrics.
    public var lyrics: Bool
    /// Whether the model is resident in memory now.
    public var loaded: Bool
    /// The bundle's size on disk, in bytes (`size_bytes`); nil when the daemon does not say.
    public var sizeBytes: Int64?
    /// The version of the artist and genre tables `submit` takes (`label_version`, 2 or 3);
    /// nil when the daemon does not say.
    public var labelVersion: Int?
    /// Whether the weights are trained (`trained`); false for random-weight bundles, whose
    /// audio is noise. Nil when the daemon does not say.
    public var trained: Bool?
    /// The bundle's one-line description (`summary`), when it has one.
    public var summary: String?
    /// Each level's hop and tokens per second, top level first (`level_hops`); empty when the
    /// daemon does not say.
    public var levelHops: [LevelHop] = []

    /// A model entry; the arguments match the properties.
    public init(
        name: String, sampleRateHz: Int, levels: Int, lyrics: Bool, loaded: Bool, sizeBytes: Int64? = nil,
        labelVersion: Int? = nil, trained: Bool? = nil, summary: String? = nil, levelHops: [LevelHop] = []
    ) {
        self.name = name
        self.sampleRateHz = sampleRateHz
        self.levels = levels
        self.lyrics = lyrics
        self.loaded = loaded
        self.sizeBytes = sizeBytes
        self.labelVersion = labelVersion
        self.trained = trained
        self.summary = summary
        self.levelHops = levelHops
    }

    init(from reader: inout FieldReader) throws(MessageError) {
        name = try reader.required("name", FieldReader.string)
        sampleRateHz = try reader.required("sample_rate_hz", FieldReader.int)
        levels = try reader.required("levels", FieldReader.int)
        lyrics = try reader.required("lyrics", FieldReader.bool)
        loaded = try reader.required("loaded", FieldReader.bool)
        sizeBytes = try reader.optional("size_bytes", FieldReader.int).map { Int64($0) }
        labelVersion = try reader.optional("label_version", FieldReader.int)
        trained = try reader.optional("trained", FieldReader.bool)
        summary = try reader.optional("summary", FieldReader.string)
        levelHops = try reader.optional("level_hops", FieldReader.array(LevelHop.nested)) ?? []
    }

    func encode(into object: inout JSONObject) {
        object["name"] = .string(name)
        object["sample_rate_hz"] = JSONValue(sampleRateHz)
        object["levels"] = JSONValue(levels)
        object["lyrics"] = .bool(lyrics)
        object["loaded"] = .bool(loaded)
        if let sizeBytes { object["size_bytes"] = .integer(sizeBytes) }
        if let labelVersion { object["label_version"] = JSONValue(labelVersion) }
        if let trained { object["trained"] = .bool(trained) }
        if let summary { object["summary"] = .string(summary) }
        if !levelHops.isEmpty { object["level_hops"] = .array(levelHops.map(\.wireJSON)) }
    }
}
