import JukeboxJSON

/// The `labels` reply: the artists and genres of a model that match the queries.
public struct LabelsResult: Equatable, Sendable, WireObject {
    /// The model searched.
    public var model: String
    /// Matching artists, in the model's table order, at most the request's `limit`.
    public var artists: [Label]
    /// Matching genres, in the model's table order, at most the request's `limit`.
    public var genres: [Label]

    /// A labels reply; the arguments match the properties.
    public init(model: String, artists: [Label], genres: [Label]) {
        self.model = model
        self.artists = artists
        self.genres = genres
    }

    init(from reader: inout FieldReader) throws(MessageError) {
        model = try reader.required("model", FieldReader.string)
        artists = try reader.required("artists", FieldReader.array(Label.nested))
        genres = try reader.required("genres", FieldReader.array(Label.nested))
    }

    func encode(into object: inout JSONObject) {
        object["model"] = .string(model)
        object["artists"] = .array(artists.map(\.wireJSON))
        object["genres"] = .array(genres.map(\.wireJSON))
    }
}

/// An artist or genre of a model: the name `submit` takes and the model's numeric id for it.
public struct Label: Equatable, Sendable, WireObject {
    /// The name as `submit` takes it.
    public var name: String
    /// The model's id of the label.
    public var labelID: Int

    /// A label; the arguments match the properties.
    public init(name: String, labelID: Int) {
        self.name = name
        self.labelID = labelID
    }

    init(from reader: inout FieldReader) throws(MessageError) {
        name = try reader.required("name", FieldReader.string)
        labelID = try reader.required("label_id", FieldReader.int)
    }

    func encode(into object: inout JSONObject) {
        object["name"] = .string(name)
        object["label_id"] = JSONValue(labelID)
    }
}
