/// Why ``JSONParser`` rejected its input. Every offset is a 0-based byte offset into the
/// bytes handed to the parser.
///
/// ``description`` gives a one-line explanation fit for an error reply to a client.
public enum JSONError: Error, Equatable, Sendable {
    /// The input holds `bytes` bytes, more than the parser's `limit` (``JSONParser/maxBytes``).
    /// Nothing was parsed. Send a smaller message, or raise the limit on both sides.
    case tooLarge(bytes: Int, limit: Int)

    /// Arrays and objects nest deeper than `limit` (``JSONParser/maxDepth``); the first
    /// container past the limit opens at `offset`.
    case tooDeep(limit: Int, offset: Int)

    /// The input is not JSON. `message` is json-c's own description
    /// (`json_tokener_error_desc`), or for what json-c lets through but RFC 8259 forbids
    /// (`NaN`, `Infinity`, `01`, `1.`, raw control characters in strings, a raw NUL byte)
    /// a description from this module. `offset` is where parsing stopped.
    case malformed(message: String, offset: Int)

    /// A complete value ends before `offset`, where something other than whitespace
    /// (space, tab, CR, LF) follows. Send exactly one value per line.
    case trailingData(offset: Int)

    /// A string holds bytes that are not well-formed UTF-8 (including overlong forms, UTF-16
    /// surrogates and code points past U+10FFFF), or a `\u` escape of a lone surrogate,
    /// which has no UTF-8 form. `offset` is the first bad byte or the escape's backslash.
    case notUTF8(offset: Int)

    /// The input ended inside a value (an unclosed array, object or string, or nothing but
    /// whitespace); `offset` is the input length. A line may have been cut short.
    case incomplete(offset: Int)

    /// An object holds `key` more than once; `offset` is its second occurrence. JSON leaves
    /// the meaning of repeated keys open, so a protocol message with one is refused.
    case duplicateKey(key: String, offset: Int)

    /// The number `literal` at `offset` is valid JSON but has no exact home in ``JSONValue``:
    /// an integer outside `Int64` (write it with a fraction or exponent to get a `Double`),
    /// or a number too large for `Double` (such as `1e400`).
    case numberOutOfRange(literal: String, offset: Int)

    /// json-c could not allocate memory (`json_tokener_new_ex` returned NULL).
    case outOfMemory
}

extension JSONError: CustomStringConvertible {
    /// A one-line explanation with the byte offset.
    public var description: String {
        switch self {
        case .tooLarge(let bytes, let limit):
            return "JSON input of \(bytes) bytes exceeds the limit of \(limit) bytes"
        case .tooDeep(let limit, let offset):
            return "JSON nests arrays and objects deeper than \(limit) levels (at byte \(offset))"
        case .malformed(let message, let offset):
            return "malformed JSON at byte \(offset): \(message)"
        case .trailingData(let offset):
            return "unexpected data after the JSON value at byte \(offset); send one value per line"
        case .notUTF8(let offset):
            return "JSON string is not valid UTF-8 at byte \(offset)"
        case .incomplete(let offset):
            return "JSON input ended inside a value at byte \(offset); was the line cut short?"
        case .duplicateKey(let key, let offset):
            return "JSON object repeats the key \"\(key)\" at byte \(offset)"
        case .numberOutOfRange(let literal, let offset):
            return "JSON number \(literal) at byte \(offset) is out of range (integers must fit in 64 bits)"
        case .outOfMemory:
            return "json-c could not allocate memory to parse JSON"
        }
    }
}
