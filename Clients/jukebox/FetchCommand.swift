import ArgumentParser
import JukeboxClient
import JukeboxProtocol

/// `jukebox fetch JOB -o FILE`: writes one take of a job.
struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch", abstract: "Write one take of a job, as audio or as tokens.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The job.")
    var job: JobID

    @Option(help: "The take, from 1.")
    var take = 1

    @Option(help: "The level: 0 is the finished audio, 1 and 2 the coarser levels.")
    var level = 0

    @Flag(help: "Write the level's tokens as a JSON array instead of audio.")
    var tokens = false

    @Flag(help: "Write the take's latest preview (its top level so far), while the job runs or after.")
    var preview = false

    @Option(help: "The audio format (default: from the -o extension, else the job's).")
    var format: AudioFormat?

    @Option(name: .shortAndLong, help: "The file to write.")
    var output: String

    func validate() throws {
        try TakeNumber.validate(take)
        guard (0...2).contains(level) else { throw ValidationError("--level is 0, 1 or 2") }
        if tokens, format != nil { throw ValidationError("--format does not apply to --tokens") }
        if preview, tokens { throw ValidationError("--preview does not go with --tokens") }
    }

    func run() throws {
        let chosen = tokens ? nil : format ?? AudioFormat.asked(byFileName: output)
        let request = FetchRequest(
            job: job, take: take - 1, level: level, tokens: tokens, format: chosen, preview: preview)
        try finish(connection.client().fetch(request, to: output))
    }
}
