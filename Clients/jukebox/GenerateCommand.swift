import ArgumentParser
import JukeboxClient
import JukeboxProtocol

/// `jukebox generate`: music from nothing (ancestral sampling).
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Generate music from nothing and write the takes.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var options: GenerationOptions

    @Option(help: "Seconds of music to generate (default: the --like take's).")
    var seconds: Double?

    func run() throws {
        try options.submit(connection) { () throws(ClientError) in
            try options.request(mode: .ancestral, seconds: seconds)
        }
    }
}
