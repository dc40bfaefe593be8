import ArgumentParser
import JukeboxClient
import JukeboxProtocol

/// `jukebox extend JOB --take K` or `jukebox extend --from JOB:K`: continues a take of an
/// earlier job; the new job keeps the song's timing (where the take starts, how long the song is).
struct ExtendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extend", abstract: "Continue a take of an earlier job and write the new takes.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The earlier job (or give --from JOB:TAKE).")
    var job: JobID?

    @Option(help: "The take to continue, from 1 (default: 1).")
    var take: Int?

    @Option(
        name: .customLong("from"),
        help: ArgumentHelp("The job and take to continue, the take from 1.", valueName: "JOB:TAKE"))
    var from: TakeAddress?

    @Option(help: "How many seconds of the take to use as the prompt (default: all, up to the daemon's limit).")
    var promptSeconds: Double?

    @Option(help: "Seconds of new music after the take (default: the --like take's).")
    var seconds: Double?

    @OptionGroup var options: GenerationOptions

    func validate() throws {
        if let take { try TakeNumber.validate(take) }
        switch (job, from) {
        case (nil, nil): throw ValidationError("name the take to continue: JOB [--take K] or --from JOB:TAKE")
        case (_?, _?): throw ValidationError("give either JOB or --from JOB:TAKE, not both")
        case (nil, _?) where take != nil: throw ValidationError("--from names the take; leave out --take")
        default: break
        }
    }

    func run() throws {
        // validate() made sure exactly one of JOB and --from is given.
        guard let source = from?.reference ?? job.map({ TakeReference(job: $0, take: (take ?? 1) - 1) }) else { return }
        try options.submit(connection) { () throws(ClientError) in
            try options.request(mode: .continue, source: source, promptSeconds: promptSeconds, seconds: seconds)
        }
    }
}
