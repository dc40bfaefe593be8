import JukeboxJSON

/// Why a line could not be read as a protocol message (a request on the daemon's side, a
/// reply on the client's).
///
/// Fields are named by their path in the message: `seed`, `temperatures[1]`,
/// `models[0].name`. ``code`` gives the stable wire code, ``field`` the path (when there is
/// one) and ``description`` a one-line message fit for an error reply.
public enum MessageError: Error, Equatable, Sendable {
    /// The line is not JSON, or breaks the parser's size or depth limits.
    case json(JSONError)
    /// The message is JSON but not an object (or a member that must be an object is not).
    /// `field` is empty for the message itself.
    case notAnObject(field: String)
    /// The operation (`op` of a request) or message type (`type` of a reply) is not one
    /// this release knows.
    case unknownOperation(String)
    /// A field the message does not define.
    case unknownField(String)
    /// A required field is absent.
    case missingField(String)
    /// A field holds the wrong JSON type; `expected` says what it should hold.
    case wrongType(field: String, expected: String)
    /// A field has the right type but an unusable value (an unknown word, bad base64, a
    /// field that does not apply with another); `reason` explains.
    case invalidValue(field: String, reason: String)
    /// A number is outside its allowed range; `range` states the range.
    case outOfRange(field: String, range: String)

    /// The wire code for this error.
    public var code: ErrorCode {
        switch self {
        case .json(let error): return ErrorCode(error)
        case .notAnObject(let field): return field.isEmpty ? .badRequest : .invalidField
        case .unknownOperation: return .unknownOp
        case .unknownField: return .unknownField
        case .missingField: return .missingField
        case .wrongType, .invalidValue: return .invalidField
        case .outOfRange: return .outOfRange
        }
    }

    /// The path of the field at fault, or nil when the error concerns the whole line.
    public var field: String? {
        switch self {
        case .json(.duplicateKey(let key, _)): return key
        case .json: return nil
        case .notAnObject(let field): return field.isEmpty ? nil : field
        case .unknownOperation: return nil
        case .unknownField(let field), .missingField(let field): return field
        case .wrongType(let field, _), .invalidValue(let field, _), .outOfRange(let field, _): return field
        }
    }

    /// The error object an error reply carries for this failure.
    public var errorReply: ErrorReply {
        ErrorReply(code: code, message: description, field: field)
    }
}

extension MessageError: CustomStringConvertible {
    /// A one-line explanation naming the field.
    public var description: String {
        switch self {
        case .json(let error): return error.description
        case .notAnObject(let field):
            return field.isEmpty ? "a message must be a JSON object" : "field \"\(field)\" must be an object"
        case .unknownOperation(let name): return "unknown operation \"\(name)\""
        case .unknownField(let field): return "unknown field \"\(field)\""
        case .missingField(let field): return "missing required field \"\(field)\""
        case .wrongType(let field, let expected): return "field \"\(field)\" must be \(expected)"
        case .invalidValue(let field, let reason): return "field \"\(field)\": \(reason)"
        case .outOfRange(let field, let range): return "field \"\(field)\" is out of range: \(range)"
        }
    }
}
