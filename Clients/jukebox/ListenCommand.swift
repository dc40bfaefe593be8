import ArgumentParser
import JukeboxClient
import JukeboxProtocol

/// `jukebox listen JOB -o FILE`: writes a take's latest preview.
struct ListenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listen",
        abstract: "Write a take's latest preview: its music so far, while the job renders.",
        discussion: """
            A job writes each take's preview after every top-level window (decoded from the top \
            level: coarse, but the whole song so far). The same as `fetch --preview`.
            """)

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The job.")
    var job: JobID

    @Option(help: "The take, from 1.")
    var take = 1

    @Option(help: "The audio format (default: from the -o extension, else the job's).")
    var format: AudioFormat?

    @Option(name: .shortAndLong, help: "The file to write.")
    var output: String

    func validate() throws {
        try TakeNumber.validate(take)
    }

    func run() throws {
        let chosen = format ?? AudioFormat.asked(byFileName: output)
        let request = FetchRequest(job: job, take: take - 1, format: chosen, preview: true)
        try finish(connection.client().fetch(request, to: output))
    }
}
