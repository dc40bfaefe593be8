import ArgumentParser
import JukeboxClient
import JukeboxProtocol

/// `jukebox extend JOB --take K`: continues a take of an earlier job.
struct ExtendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extend", abstract: "Continue a take of an earlier job and write the new takes.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The earlier job.")
    var job: JobID

    @Option(help: "The take to continue, from 1.")
    var take = 1

    @Option(help: "How many seconds of the take to use as the prompt (default: all, up to the daemon's limit).")
    var promptSeconds: Double?

    @Option(help: "Seconds of new music after the take.")
    var seconds: Double

    @OptionGroup var options: GenerationOptions

    func validate() throws {
        try TakeNumber.validate(take)
    }

    func run() throws {
        try options.submit(connection) { () throws(ClientError) in
            try options.request(
                mode: .continue, source: TakeReference(job: job, take: take - 1), promptSeconds: promptSeconds,
                seconds: seconds)
        }
    }
}
