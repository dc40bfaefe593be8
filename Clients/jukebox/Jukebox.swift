import ArgumentParser
import JukeboxClient
import JukeboxProtocol

/// `jukebox`: the thin command-line client of jukeboxd. It speaks the socket protocol only
/// and links no model code.
@main
struct Jukebox: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jukebox",
        abstract: "Continue your own recordings with Jukebox models through the jukeboxd daemon.",
        discussion: """
            The client talks to jukeboxd over a Unix socket: --socket, then $\(SocketPath.environmentVariable), \
            then \(SocketPath.systemDefault). See jukebox(1).
            """,
        version: JukeboxVersion.string,
        subcommands: [SocketCommand.self])
}

/// `jukebox socket`: prints the socket path the client would use.
struct SocketCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket", abstract: "Print the daemon socket path this client would use.")

    @Option(help: "The daemon's socket (default: $\(SocketPath.environmentVariable), then \(SocketPath.systemDefault)).")
    var socket: String?

    func run() {
        print(SocketPath.resolve(flag: socket, environment: ProcessInfoEnvironment.current))
    }
}
