import JukeboxJSON

/// The stable error codes of the wire protocol, as sent in `{"type":"error","error":{"code":...}}`.
///
/// A code's raw value never changes once released; clients branch on the code, never on the
/// message. A new code may appear in a later release; ``init(wire:)`` reads a code this
/// release does not know as ``internal``. jukebox-protocol(7) lists the same codes.
public enum ErrorCode: String, Sendable, CaseIterable, Equatable {
    /// The line is not JSON (malformed, invalid UTF-8, a repeated key, trailing data, a number
    /// outside 64-bit range). Nothing was done; fix the sender.
    case badJSON = "bad_json"
    /// The line is longer than the peer's maximum line length (`max_line_bytes` in the
    /// greeting). The line was skipped unread and the connection carries on at the next line.
    case lineTooLong = "line_too_long"
    /// The JSON nests arrays and objects deeper than the protocol allows.
    case tooDeep = "too_deep"
    /// The line is JSON but not an object, or a reply is missing its `type`.
    case badRequest = "bad_request"
    /// The `op` names no operation of this protocol version.
    case unknownOp = "unknown_op"
    /// The request holds a field its operation does not define; `field` names it.
    case unknownField = "unknown_field"
    /// A required field is absent; `field` names it.
    case missingField = "missing_field"
    /// A field has the wrong JSON type or a malformed value (bad base64, an unknown enum word,
    /// a field that does not apply to the chosen mode); `field` names it.
    case invalidField = "invalid_field"
    /// A number is outside its allowed range (seconds, takes, temperatures, top_p, ...);
    /// `field` names it and the message gives the range.
    case outOfRange = "out_of_range"
    /// The `model` names no model in the daemon's models folder.
    case unknownModel = "unknown_model"
    /// The `artist` is not in the model's artist table; the `labels` op lists them.
    case unknownArtist = "unknown_artist"
    /// A genre is not in the model's genre table; the `labels` op lists them.
    case unknownGenre = "unknown_genre"
    /// The primer cannot be read or decoded as audio, is empty, or is longer than the
    /// daemon's `max_primer_seconds`.
    case badAudio = "bad_audio"
    /// The daemon's queue is full (`queue_limit`); try again later.
    case busy = "busy"
    /// No such job, take or level (or the job belongs to another user, which is not told apart).
    case notFound = "not_found"
    /// The job exists but the requested output is not produced yet; `watch` it and fetch after `done`.
    case notReady = "not_ready"
    /// The daemon refuses the request for this client (for example a primer path the daemon
    /// may not read on the client's behalf).
    case forbidden = "forbidden"
    /// The job was cancelled, by its owner or by an administrator.
    case cancelled = "cancelled"
    /// The daemon is stopping and accepts no new work; retry after it restarts.
    case shuttingDown = "shutting_down"
    /// A fault inside the daemon; the message says what, and the daemon's journal has more.
    case `internal` = "internal"
    /// The job produced NaN or infinite values while sampling or decoding (weights holding
    /// NaN/Inf, or values beyond float32); the job failed and the daemon goes on.
    case numericError = "numeric_error"
    /// The daemon died twice while running the job, without the job saving a window in
    /// between; it is failed rather than resumed into another crash. The journal has more.
    case crashed = "crashed"
    /// The state folder's file system is full (or over quota). A running job pauses and is
    /// retried until space returns (a `paused` event carries this code); a request that had
    /// to write was not done.
    case diskFull = "disk_full"
    /// The connection sent nothing for the daemon's `idle_timeout`, or left a line unfinished
    /// for longer than `line_timeout`; the daemon closes it after this error.
    case timeout = "timeout"
    /// The state folder's file system has less free space than the job would write (tokens and
    /// audio of every take and level, and the primer); nothing was queued. Free space (`prune`,
    /// `remove`) or ask for less music or fewer takes.
    case noSpace = "no_space"
    /// The job is queued or running, so `remove` refuses it; cancel it first.
    case jobActive = "job_active"
    /// `drop_take` asked to drop the only take a job has left; cancel the job instead.
    case lastTake = "last_take"
    /// The request needs a queued or running job, and the job has ended (done, failed or
    /// cancelled); nothing was changed.
    case jobEnded = "job_ended"

    /// The code for the wire string `wire`; a code unknown to this release reads as ``internal``.
    /// - Parameter wire: The `code` member of an error object.
    public init(wire: String) {
        self = ErrorCode(rawValue: wire) ?? .internal
    }

    /// The code an error reply carries when a line fails to parse as JSON.
    ///
    /// This is the one mapping of ``JSONError`` to wire codes: a line over the size limit is
    /// ``lineTooLong``, nesting past the depth limit is ``tooDeep``, an allocation failure is
    /// ``internal``, and every other parse failure is ``badJSON``.
    /// - Parameter error: Why ``JSONParser`` refused the line.
    public init(_ error: JSONError) {
        switch error {
        case .tooLarge: self = .lineTooLong
        case .tooDeep: self = .tooDeep
        case .outOfMemory: self = .internal
        case .malformed, .trailingData, .notUTF8, .incomplete, .duplicateKey, .numberOutOfRange:
            self = .badJSON
        }
    }
}
