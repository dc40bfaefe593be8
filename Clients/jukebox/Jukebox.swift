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
            then \(SocketPath.systemDefault). Takes are counted from 1. Exit statuses follow sysexits(3); \
            see jukebox(1).
            """,
        version: JukeboxVersion.string,
        subcommands: [
            GenerateCommand.self, ContinueCommand.self, ExtendCommand.self, UpsampleCommand.self, WatchCommand.self,
            JobsCommand.self, CancelCommand.self, DropCommand.self, FetchCommand.self, ListenCommand.self,
            ModelsCommand.self, LabelsCommand.self, StatusCommand.self, InfoCommand.self, SocketCommand.self,
            RemoveCommand.self, PruneCommand.self,
        ])
}

/// `jukebox socket`: prints the socket path the client would use.
struct SocketCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket", abstract: "Print the daemon socket path this client would use.")

    @Option(
        help: "The daemon's socket (default: $\(SocketPath.environmentVariable), then \(SocketPath.systemDefault)).")
    var socket: String?

    func run() {
        print(SocketPath.resolve(flag: socket, environment: ProcessInfoEnvironment.current))
    }
}
