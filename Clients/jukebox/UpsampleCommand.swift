import ArgumentParser
import JukeboxClient
import JukeboxProtocol

/// `jukebox upsample JOB --take K`: renders the lower levels of a take sampled with
/// `--levels 2` (or `2,1`).
struct UpsampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upsample", abstract: "Render the lower levels of a take of a preview job.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The earlier job.")
    var job: JobID

    @Option(help: "The take to render, from 1.")
    var take = 1

    @OptionGroup var options: GenerationOptions

    func validate() throws {
        try TakeNumber.validate(take)
    }

    func run() throws {
        try options.submit(connection) { () throws(ClientError) in
            try options.request(mode: .upsample, source: TakeReference(job: job, take: take - 1), seconds: nil)
        }
    }
}
