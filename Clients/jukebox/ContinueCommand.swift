import ArgumentParser
import JukeboxClient
import JukeboxProtocol

/// `jukebox continue PRIMER`: continues a recording.
struct ContinueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "continue", abstract: "Continue a recording (the primer) and write the takes.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The primer: an audio file (WAV, FLAC, ...).")
    var primer: String

    @Flag(help: "Send the primer's absolute path for the daemon to open, instead of its bytes.")
    var primerPath = false

    @Option(help: "How many seconds of the primer to use (default: all, up to the daemon's limit).")
    var promptSeconds: Double?

    @Option(help: "Seconds of new music after the primer (default: the --like take's).")
    var seconds: Double?

    @OptionGroup var options: GenerationOptions

    func run() throws {
        try options.submit(connection) { () throws(ClientError) in
            let source: PrimerSource
            if primerPath {
                let path = try FileIO.absolute(primer)
                try FileIO.checkReadable(path)
                source = .path(path)
            } else {
                source = .bytes(try FileIO.read(primer))
            }
            return try options.request(mode: .primed, primer: source, promptSeconds: promptSeconds, seconds: seconds)
        }
    }
}
