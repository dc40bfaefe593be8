import JukeboxJSON

/// A value written as the members of a JSON object (a whole message body, or a nested object).
protocol WireObject {
    /// Reads the value's members.
    init(from reader: inout FieldReader) throws(MessageError)
    /// Writes the value's members into `object`.
    func encode(into object: inout JSONObject)
}

extension WireObject {
    /// The value as a JSON object.
    var wireJSON: JSONValue {
        var object = JSONObject()
        encode(into: &object)
        return .object(object)
    }

    /// A converter reading a nested object of this type leniently (unknown members ignored),
    /// as every reply is read.
    static var nested: FieldReader.Convert<Self> {
        FieldReader.object(strict: false) { (reader: inout FieldReader) throws(MessageError) in try Self(from: &reader)
        }
    }
}
