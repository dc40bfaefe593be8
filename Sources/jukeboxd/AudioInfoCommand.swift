import ArgumentParser
import JukeboxAudio

/// `jukeboxd audio-info`: what libsndfile sees in a file, from its header.
struct AudioInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audio-info",
        abstract: "Print container, encoding, channels, rate and length of audio files (header only).")

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
            } catch {
                printError("jukeboxd: \(error)")
                worst = max(worst, error.exitStatus)
            }
        }
        if worst != 0 { throw ExitCode(worst) }
    }
}
