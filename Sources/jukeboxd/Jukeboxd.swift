import ArgumentParser
import JukeboxProtocol
import JukeboxTensor

/// `jukeboxd`: the daemon and its administration subcommands.
@main
struct Jukeboxd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jukeboxd",
        abstract: "The jukeboxd daemon and its administration tools (Jukebox music generation).",
        discussion: """
            jukeboxd keeps Jukebox models resident and continues primer clips under artist, \
            genre and lyric conditioning for clients on a Unix socket. See jukeboxd(8).
            """,
        version: JukeboxVersion.string,
        subcommands: [
            ServeCommand.self, PreparePrimer.self, AudioInfoCommand.self, ConvertCommand.self, InitBundleCommand.self,
            CodecCommand.self, EncodeCommand.self, EvaluateCommand.self, ContinueCommand.self, VerifyCommand.self,
            BenchCommand.self,
        ])

    /// Sets the heap up for the model's large buffers (``HeapPolicy/keepFreedBlocks()``), then
    /// parses the command line and runs the subcommand.
    static func main() {
        HeapPolicy.keepFreedBlocks()
        main(nil)
    }
}
