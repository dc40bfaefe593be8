import ArgumentParser
import JukeboxAudio
import JukeboxProtocol

/// `jukeboxd audio-info`: what libsndfile sees in a file, from its header.
struct AudioInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audio-info",
        abstract:
            "Print container, encoding, channels, rate and length of audio files (header only), and how a take was made."
    )

    @Argument(help: "Audio files in any format libsndfile reads.")
    var files: [String]

    func run() throws {
        var worst: Int32 = 0
        for file in files {
            do {
                let info = try AudioReader.info(path: file)
                print(
                    "\(file): \(info.container), \(info.encoding), \(info.channels) ch, "
                        + "\(info.sampleRateHz) Hz, \(info.frames) frames, \(info.durationSeconds) s")
                // A take jukeboxd wrote carries how it was made as its comment (jukebox-protocol(7)).
                if let comment = info.tags.comment, let provenance = try? Provenance(json: comment) {
                    for line in provenance.lines { print("  \(line)") }
                } else {
                    if let title = info.tags.title { print("  title: \(title)") }
                    if let software = info.tags.software { print("  software: \(software)") }
                    if let comment = info.tags.comment { print("  comment: \(comment)") }
                }
            } catch {
                printError("jukeboxd: \(error)")
                worst = max(worst, error.exitStatus)
            }
        }
        if worst != 0 { throw ExitCode(worst) }
    }
}
