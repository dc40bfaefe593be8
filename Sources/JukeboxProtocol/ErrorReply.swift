import JukeboxJSON

/// The `error` member of an error reply: `{"code":"unknown_field","message":"...","field":"sead"}`.
///
/// Also carried by the `failed` event, for the reason a job failed.
public struct ErrorReply: Equatable, Sendable, WireObject {
    /// The stable code clients branch on.
    public var code: ErrorCode
    /// A one-line explanation for people; its wording may change between releases.
    public var message: String
    /// The path of the request field at fault, when there is one.
    public var field: String?

    /// An error object.
    /// - Parameters:
    ///   - code: The stable code.
    ///   - message: A one-line explanation.
    ///   - field: The path of the field at fault, if any.
    public init(code: ErrorCode, message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    /// The JSON object: `code`, `message`, then `field` when set.
    public var jsonValue: JSONValue { wireJSON }

    func encode(into object: inout JSONObject) {
        object["code"] = .string(code.rawValue)
        object["message"] = .string(message)
        if let field { object["field"] = .string(field) }
    }

    /// Reads an error object (leniently, as every reply: unknown members are ignored).
    init(from reader: inout FieldReader) throws(MessageError) {
        code = ErrorCode(wire: try reader.required("code", FieldReader.string))
        message = try reader.required("message", FieldReader.string)
        field = try reader.optional("field", FieldReader.string)
    }
}
