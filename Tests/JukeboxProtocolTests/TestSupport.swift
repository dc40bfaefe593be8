import JukeboxJSON
import JukeboxProtocol

/// The parser the daemon uses for request lines.
let lineParser = ProtocolLimits.parser()

/// Reads a request from its line text.
func decodeRequest(_ text: String) throws(MessageError) -> Request {
    try Request(line: Array(text.utf8), parser: lineParser)
}

/// The error reading `text` as a request gives, or nil when it decodes.
func requestError(_ text: String) -> MessageError? {
    do {
        _ = try decodeRequest(text)
        return nil
    } catch {
        return error
    }
}

/// Encodes, serialises, parses and decodes a request.
func roundTrip(_ request: Request) throws -> Request {
    try Request(line: request.jsonValue.serializedBytes(), parser: lineParser)
}

/// Encodes, serialises, parses and decodes a reply.
func roundTrip(_ reply: Reply) throws -> Reply {
    try Reply(line: reply.line, parser: lineParser)
}

/// A job id known to be well-formed.
func job(_ text: String) -> JobID {
    JobID(text)!
}
