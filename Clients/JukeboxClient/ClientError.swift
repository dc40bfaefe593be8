import JukeboxProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// Why a `jukebox` command could not do what was asked. ``exitStatus`` gives the process's
/// exit status and ``description`` the line printed after `jukebox: ` on stderr.
public enum ClientError: Error, Equatable, Sendable {
    /// The socket at `path` cannot be reached (`connect` failed with `errno`). The daemon is
    /// not running, or the path is wrong: see `systemctl status jukeboxd` or `--socket`.
    case cannotConnect(path: String, errno: Int32)
    /// The socket path does not fit `sockaddr_un` (at most `limit` bytes).
    case socketPathTooLong(path: String, limit: Int)
    /// The daemon speaks protocol version `server`; this client speaks `client`. Use a
    /// client of the daemon's release.
    case protocolMismatch(server: Int, client: Int)
    /// The daemon's greeting lists the operations it serves, and `operation` is not one of
    /// them (a daemon of another release).
    case unsupported(operation: Operation, served: [Operation])
    /// A line from the daemon is not a message of this protocol; `reason` says why.
    case badReply(reason: String)
    /// The daemon closed the connection before the request's last line (a crash or a restart).
    case connectionLost
    /// A read or write on the socket failed; `call` names the system call.
    case socketIO(call: String, errno: Int32)
    /// The request line would be `bytes` bytes, more than the daemon's `max_line_bytes`.
    /// For a large primer, send its path with `--primer-path` instead.
    case requestTooLarge(bytes: Int, limit: Int)
    /// The daemon refused the request or could not serve it.
    case daemon(ErrorReply)
    /// The job stopped on an error.
    case jobFailed(job: JobID, error: ErrorReply)
    /// The job was cancelled.
    case jobCancelled(job: JobID)
    /// The user pressed ^C while the client waited for `job` (nil before a job existed);
    /// the daemon keeps running the job.
    case interrupted(job: JobID?)
    /// The user pressed ^C while the client fetched the takes of `job`, which is done and
    /// keeps them.
    case interruptedFetching(job: JobID)
    /// An input file cannot be opened or read (`call` failed with `errno`).
    case cannotRead(path: String, call: String, errno: Int32)
    /// An output file cannot be created or written (`call` failed with `errno`).
    case cannotWrite(path: String, call: String, errno: Int32)
    /// The command line asks for something impossible; `reason` says what.
    case usage(String)
    /// The audio file carries no jukeboxd provenance (not a take the daemon or `jukeboxd
    /// continue` wrote, or a copy that lost its tags); `reason` says what is missing.
    case noProvenance(path: String, reason: String)
}

extension ClientError: CustomStringConvertible {
    /// A one-line explanation with what to do next; daemon errors end with their code in
    /// parentheses, as in `unknown artist "x" (unknown_artist)`.
    public var description: String {
        switch self {
        case .cannotConnect(let path, let errno):
            return "cannot connect to jukeboxd at \(path): \(Self.text(errno)); "
                + "is the daemon running (systemctl status jukeboxd)? Another socket: --socket or $JUKEBOX_SOCKET"
        case .socketPathTooLong(let path, let limit):
            return "socket path \(path) is longer than \(limit) bytes"
        case .protocolMismatch(let server, let client):
            return "the daemon speaks protocol version \(server), this client speaks \(client); "
                + "use the jukebox of the daemon's release"
        case .unsupported(let operation, let served):
            let list = served.map(\.rawValue).joined(separator: ", ")
            return "this daemon does not serve \"\(operation.rawValue)\" (it serves: \(list))"
        case .badReply(let reason):
            return "unexpected line from the daemon: \(reason)"
        case .connectionLost:
            return "the daemon closed the connection (see journalctl -u jukeboxd)"
        case .socketIO(let call, let errno):
            return "\(call) on the daemon's socket failed: \(Self.text(errno))"
        case .requestTooLarge(let bytes, let limit):
            return "the request is \(bytes) bytes, more than the daemon's limit of \(limit); "
                + "send a large primer with --primer-path"
        case .daemon(let error):
            return Self.describe(error)
        case .jobFailed(let job, let error):
            return "job \(job) failed: \(Self.describe(error))"
        case .jobCancelled(let job):
            return "job \(job) was cancelled"
        case .interrupted(let job?):
            return "interrupted; job \(job) keeps running on the daemon: "
                + "jukebox watch \(job) -o FILE to wait for it again, jukebox cancel \(job) to stop it"
        case .interrupted(nil):
            return "interrupted; if the request was sent, jukebox jobs shows whether a job was queued"
        case .interruptedFetching(let job):
            return "interrupted; job \(job) is done and keeps its takes: jukebox fetch \(job) --take K -o FILE"
        case .cannotRead(let path, let call, let errno):
            return "cannot read \(path): \(call): \(Self.text(errno))"
        case .cannotWrite(let path, let call, let errno):
            return "cannot write \(path): \(call): \(Self.text(errno))"
        case .usage(let reason):
            return reason
        case .noProvenance(let path, let reason):
            return "\(path) says nothing of how it was made: \(reason); "
                + "only takes written by jukeboxd carry provenance"
        }
    }

    /// `message (code)`, with the field at fault when the message does not name it.
    static func describe(_ error: ErrorReply) -> String {
        var text = error.message
        if let field = error.field, !text.contains(field) { text += " [\(field)]" }
        return "\(text) (\(error.code.rawValue))"
    }

    /// `strerror`'s text for `errno`.
    static func text(_ errno: Int32) -> String {
        String(cString: strerror(errno))
    }
}
