import JukeboxJSON

/// `{"op":"labels","id":1,"model":"5b_lyrics","artist":"fitz","limit":20}`: searches a
/// model's artist and genre tables.
///
/// `artist` and `genre` are queries, normalised as `submit` looks names up. By default the
/// search is by similarity: exact matches, then names starting with the query, then names
/// containing it, then names within a small edit distance (so `bach` also finds `beach`). With
/// `exact`, only the name the query itself looks up is listed (or none). Without either query,
/// the first `limit` entries of both tables are listed.
public struct LabelsRequest: Equatable, Sendable {
    /// The model whose tables are searched.
    public var model: String
    /// A substring of artist names to look for.
    public var artistQuery: String?
    /// A substring of genre names to look for.
    public var genreQuery: String?
    /// The most entries to return per table.
    public var limit: Int
    /// Whether only exact matches are listed: the name a `submit` of the query would use.
    public var exact: Bool

    /// The allowed range of ``limit``.
    public static let limitRange = 1...1000
    /// ``limit`` when the request leaves it out.
    public static let defaultLimit = 50

    /// A labels request.
    /// - Parameters:
    ///   - model: The model name.
    ///   - artistQuery: Artist substring, or nil.
    ///   - genreQuery: Genre substring, or nil.
    ///   - limit: Entries per table, in ``limitRange``.
    ///   - exact: Only exact matches.
    public init(
        model: String, artistQuery: String? = nil, genreQuery: String? = nil, limit: Int = defaultLimit,
        exact: Bool = false
    ) {
        self.model = model
        self.artistQuery = artistQuery
        self.genreQuery = genreQuery
        self.limit = limit
        self.exact = exact
    }

    /// Reads the request's own members.
    init(from reader: inout FieldReader) throws(MessageError) {
        model = try reader.required("model", FieldReader.nonEmptyString)
        artistQuery = try reader.optional("artist", FieldReader.string(maxBytes: GenerationLimits.maxLabelBytes))
        genreQuery = try reader.optional("genre", FieldReader.string(maxBytes: GenerationLimits.maxLabelBytes))
        limit = try reader.optional("limit", FieldReader.int(in: Self.limitRange)) ?? Self.defaultLimit
        exact = try reader.optional("exact", FieldReader.bool) ?? false
    }

    /// Writes the request's own members into `object`.
    func encode(into object: inout JSONObject) {
        object["model"] = .string(model)
        if let artistQuery { object["artist"] = .string(artistQuery) }
        if let genreQuery { object["genre"] = .string(genreQuery) }
        object["limit"] = JSONValue(limit)
        if exact { object["exact"] = .bool(true) }
    }
}
