import ArgumentParser
import JukeboxClient
import JukeboxProtocol

/// `jukebox drop JOB --take K`: drops one take of a queued or running job.
struct DropCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drop",
        abstract: "Drop one take of a queued or running job; the others go on, sooner.",
        discussion: """
            The take's tokens so far and its last preview stay fetchable. The job goes on with the \
            other takes at a smaller batch from its next window; a restart keeps the drop.
            """)

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The job.")
    var job: JobID

    @Option(help: "The take to drop, from 1.")
    var take: Int

    func validate() throws {
        try TakeNumber.validate(take)
    }

    func run() throws {
        try finish(connection.client().dropTake(job, take: take - 1))
    }
}
