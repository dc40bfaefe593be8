import JukeboxProtocol

/// The exit statuses of `jukebox`, in the style of sysexits(3); jukebox(1) lists them.
public enum ExitStatus {
    /// Success.
    public static let ok: Int32 = 0
    /// The job failed on the daemon (a `failed` event).
    public static let jobFailed: Int32 = 1
    /// EX_USAGE: a bad command line.
    public static let usage: Int32 = 64
    /// EX_DATAERR: the daemon refused the request's content (a bad field or value, an
    /// unknown model, artist or genre, a primer it cannot use, a request too large).
    public static let dataError: Int32 = 65
    /// EX_NOINPUT: an input file is missing or unreadable, or the job, take or level named
    /// does not exist.
    public static let noInput: Int32 = 66
    /// EX_UNAVAILABLE: the daemon cannot be reached, is shutting down, or does not serve
    /// the operation.
    public static let unavailable: Int32 = 69
    /// EX_SOFTWARE: the daemon reported an internal fault.
    public static let software: Int32 = 70
    /// EX_CANTCREAT: an output file cannot be written.
    public static let cannotCreate: Int32 = 73
    /// EX_IOERR: the connection failed or was closed mid-request.
    public static let ioError: Int32 = 74
    /// EX_TEMPFAIL: try again later (the queue is full, or the output is not ready yet).
    public static let tempFailure: Int32 = 75
    /// EX_PROTOCOL: the daemon and this client do not speak the same protocol.
    public static let protocolError: Int32 = 76
    /// EX_NOPERM: the daemon refuses the request for this user.
    public static let noPermission: Int32 = 77
    /// The job was cancelled, or ^C interrupted the client (128 + SIGINT).
    public static let cancelled: Int32 = 130

    /// The exit status for a daemon error code; the one mapping of wire codes to statuses.
    /// - Parameter code: The `code` of an `error` reply or a `failed` event.
    public static func of(_ code: ErrorCode) -> Int32 {
        switch code {
        case .badJSON, .tooDeep, .badRequest, .unknownField, .missingField: return protocolError
        case .lineTooLong, .invalidField, .outOfRange, .unknownModel, .unknownArtist, .unknownGenre, .badAudio,
            .lastTake, .jobEnded:
            return dataError
        case .unknownOp, .shuttingDown: return unavailable
        case .busy, .notReady, .diskFull, .timeout, .noSpace: return tempFailure
        case .jobActive: return dataError
        case .notFound: return noInput
        case .forbidden: return noPermission
        case .cancelled: return cancelled
        case .internal, .numericError, .crashed: return software
        }
    }
}

extension ClientError {
    /// The exit status a command ends with when this error stops it.
    public var exitStatus: Int32 {
        switch self {
        case .cannotConnect, .unsupported: return ExitStatus.unavailable
        case .socketPathTooLong, .usage: return ExitStatus.usage
        case .protocolMismatch, .badReply: return ExitStatus.protocolError
        case .connectionLost, .socketIO: return ExitStatus.ioError
        case .requestTooLarge, .noProvenance: return ExitStatus.dataError
        case .daemon(let error): return ExitStatus.of(error.code)
        case .jobFailed: return ExitStatus.jobFailed
        case .jobCancelled, .interrupted, .interruptedFetching: return ExitStatus.cancelled
        case .cannotRead: return ExitStatus.noInput
        case .cannotWrite: return ExitStatus.cannotCreate
        }
    }
}
