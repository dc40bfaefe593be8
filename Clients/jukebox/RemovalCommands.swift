import ArgumentParser
import JukeboxClient
import JukeboxProtocol

/// `jukebox rm JOB`: removes an ended job.
struct RemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm", abstract: "Remove an ended job: its folder, tokens, audio and record.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The job (done, failed or cancelled; cancel a queued or running job first).")
    var job: JobID

    func run() throws {
        try finish(connection.client().remove(job))
    }
}

/// `jukebox prune --older-than DAYS`: removes old ended jobs.
struct PruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune", abstract: "Remove your jobs that ended at least DAYS days ago (root: everyone's).")

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .customLong("older-than"), help: "Days since a job ended (0 removes every ended job).")
    var olderThanDays: Double

    func validate() throws {
        guard PruneRequest.daysRange.contains(olderThanDays) else {
            throw ValidationError("--older-than is 0 to 36500 days")
        }
    }

    func run() throws {
        try finish(connection.client().prune(olderThanDays: olderThanDays))
    }
}
