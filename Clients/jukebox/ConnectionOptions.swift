import ArgumentParser
import JukeboxClient

/// `--socket` and `--json`, taken by every command that talks to the daemon.
struct ConnectionOptions: ParsableArguments {
    @Option(
        help: "The daemon's socket (default: $\(SocketPath.environmentVariable), then \(SocketPath.systemDefault)).")
    var socket: String?

    @Flag(help: "Print the daemon's replies and events verbatim, one JSON object per line, and nothing else on stdout.")
    var json = false

    /// A client for the resolved socket, on this process's console.
    /// - Parameter interruptible: Whether ^C stops a wait (see ``Interrupt``).
    func client(interruptible: Bool = true) -> Client {
        Client(
            socketPath: SocketPath.resolve(flag: socket, environment: ProcessInfoEnvironment.current), json: json,
            console: StandardConsole(), interruptFD: interruptible ? Interrupt.install() : nil)
    }
}

/// Ends the command with `status` unless it is 0.
func finish(_ status: Int32) throws {
    if status != ExitStatus.ok { throw ExitCode(status) }
}
