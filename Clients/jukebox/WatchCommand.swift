import ArgumentParser
import JukeboxClient
import JukeboxProtocol

/// `jukebox watch JOB`: follows a job to its end.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Follow a job until it ends; with -o, then write its takes.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The job.")
    var job: JobID

    @Option(name: .shortAndLong, help: "Write the takes here once the job is done (-1, -2, ... for several).")
    var output: String?

    @Option(help: "The level of the takes to write (default: the lowest level the job sampled, 0 for finished audio).")
    var level: Int?

    @Option(help: "The audio format to write (default: from the -o extension, else the job's).")
    var format: AudioFormat?

    func validate() throws {
        guard level.map({ (0...2).contains($0) }) ?? true else { throw ValidationError("--level is 0, 1 or 2") }
    }

    func run() throws {
        let chosen = format ?? output.flatMap(AudioFormat.asked(byFileName:))
        try finish(connection.client().watch(job, output: output, level: level, format: chosen))
    }
}
