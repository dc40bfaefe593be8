import JukeboxJSON

/// The client-chosen `id` of a request, echoed verbatim in every reply and event for it.
///
/// A string or an integer; the daemon never interprets it, and two connections may use the
/// same ids.
public enum RequestID: Hashable, Sendable {
    /// A string id, such as `"take-1"`.
    case string(String)
    /// An integer id, such as `7`.
    case integer(Int64)

    /// The JSON form, as it was received.
    public var jsonValue: JSONValue {
        switch self {
        case .string(let s): return .string(s)
        case .integer(let i): return .integer(i)
        }
    }

    /// Reads an id: a string, or a number written without fraction or exponent.
    static func read(_ value: JSONValue, _ field: String) throws(MessageError) -> RequestID {
        switch value {
        case .string(let s): return .string(s)
        case .integer(let i): return .integer(i)
        default: throw .wrongType(field: field, expected: "a string or an integer")
        }
    }

    /// The id of a message, when it has a readable one, whatever else is wrong with it.
    ///
    /// The daemon echoes it in the error reply to a request that fails to decode; `nil`
    /// (sent as JSON `null`) when the message is not an object or its `id` is absent or unusable.
    /// - Parameter message: A parsed line.
    public static func peek(in message: JSONValue) -> RequestID? {
        guard let value = message["id"] else { return nil }
        return try? read(value, "id")
    }
}

extension RequestID: CustomStringConvertible {
    /// The id as JSON text (`"take-1"` with quotes, or `7`).
    public var description: String { jsonValue.serialized() }
}
