import ArgumentParser
import JukeboxClient

/// `jukebox info FILE`: how a take was made, read from the file itself.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Print how a take was made (model, seed, settings, parent), from its file.")

    @Flag(help: "Print the record as one JSON object.")
    var json = false

    @Argument(help: "A take written by jukeboxd (WAV or FLAC).")
    var file: String

    func run() throws {
        let client = Client(socketPath: "", json: json, console: StandardConsole())
        try finish(client.info(file))
    }
}
