import JukeboxJSON

/// The error `parser` throws for `text`, or nil if it parses.
func parseError(_ text: String, _ parser: JSONParser = JSONParser()) -> JSONError? {
    parseError(Array(text.utf8), parser)
}

/// The error `parser` throws for `bytes`, or nil if they parse.
func parseError(_ bytes: [UInt8], _ parser: JSONParser = JSONParser()) -> JSONError? {
    do {
        _ = try parser.parse(bytes)
        return nil
    } catch {
        return error
    }
}

/// The offset of a `.malformed` error, or nil for any other outcome.
func malformedOffset(_ text: String, _ parser: JSONParser = JSONParser()) -> Int? {
    if case .malformed(_, let offset) = parseError(text, parser) { return offset }
    return nil
}

/// Serialises `value` and parses the text back.
func roundTrip(_ value: JSONValue) throws -> JSONValue {
    try JSONParser().parse(value.serialized())
}
