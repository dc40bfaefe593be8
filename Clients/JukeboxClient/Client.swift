import JukeboxProtocol

/// Runs `jukebox` commands against one daemon: connects, sends each request, shows or
/// echoes what comes back, and turns failures into an exit status.
///
/// With ``json`` set, every reply and event the daemon sends for the command (the greeting
/// aside) is written to standard output exactly as received, one per line, and nothing else
/// is; messages and errors still go to standard error, progress is not shown.
public final class Client {
    /// The daemon's socket.
    public let socketPath: String
    /// Whether replies are echoed verbatim instead of shown for people.
    public let json: Bool
    /// Where output goes.
    public let console: Console
    /// A descriptor that becomes readable when the user presses ^C, or nil.
    let interruptFD: Int32?
    /// Shows job events to people.
    let display: ProgressDisplay

    /// A client.
    /// - Parameters:
    ///   - socketPath: The daemon's socket (``SocketPath/resolve(flag:environment:)``).
    ///   - json: Echo the daemon's lines verbatim on standard output.
    ///   - console: Where output goes.
    ///   - interruptFD: Readable once the user interrupts (see ``Connection``), or nil.
    public init(socketPath: String, json: Bool = false, console: Console, interruptFD: Int32? = nil) {
        self.socketPath = socketPath
        self.json = json
        self.console = console
        self.interruptFD = interruptFD
        display = ProgressDisplay(console: console)
    }

    /// Connects, runs `body`, and reports an error as `jukebox: message` on standard error.
    /// - Returns: The exit status: ``ExitStatus/ok``, or the error's ``ClientError/exitStatus``.
    func run(_ body: (Connection) throws(ClientError) -> Void) -> Int32 {
        do {
            let connection = try Connection(path: socketPath, interruptFD: interruptFD)
            try body(connection)
            return ExitStatus.ok
        } catch {
            report(error)
            return error.exitStatus
        }
    }

    /// Prints `jukebox: <error>` on standard error.
    public func report(_ error: ClientError) {
        console.message("jukebox: \(error)")
    }

    /// Sends a one-shot request and returns its answer.
    /// - Throws: ``ClientError/daemon(_:)`` for an error reply, or a connection error.
    func call(_ body: RequestBody, on connection: Connection) throws(ClientError) -> ReplyBody {
        let id = try connection.send(body)
        while true {
            let reply = try next(for: id, on: connection).body
            guard reply.endsRequest else { continue }
            if case .error(let error) = reply { throw .daemon(error) }
            return reply
        }
    }

    /// The next reply to request `id` (or an error about a line without a readable id),
    /// echoed when ``json`` is set.
    func next(for id: RequestID, on connection: Connection) throws(ClientError) -> Reply {
        while true {
            let received = try connection.receive()
            let reply = received.reply
            if case .hello = reply.body { continue }
            guard reply.id == id || reply.id == nil else { continue }
            if json { console.resultLine(received.line) }
            return reply
        }
    }

    /// The error for a reply of an unexpected kind.
    static func unexpected(_ body: ReplyBody, expected: String) -> ClientError {
        .badReply(reason: "expected \"\(expected)\", got \"\(body.type)\"")
    }

    /// Writes a line for people on standard output, unless ``json`` is set.
    func show(_ line: String) {
        if !json { console.result(line) }
    }
}
