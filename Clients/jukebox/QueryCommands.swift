import ArgumentParser
import JukeboxClient
import JukeboxProtocol

/// `jukebox jobs`: the user's jobs.
struct JobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "jobs", abstract: "List your jobs, oldest first.")

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Show songs as trees: each job under the job and take it continues, with seconds, state and seed.")
    var tree = false

    func run() throws {
        try finish(connection.client().jobs(tree: tree))
    }
}

/// `jukebox cancel JOB`.
struct CancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a job.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The job.")
    var job: JobID

    func run() throws {
        try finish(connection.client().cancel(job))
    }
}

/// `jukebox models`: the daemon's models.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "models", abstract: "List the daemon's models.")

    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        try finish(connection.client().models())
    }
}

/// `jukebox labels MODEL`: searches a model's artists and genres.
struct LabelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "labels", abstract: "Search a model's artists and genres.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The model.")
    var model: String

    @Option(help: "Artist names like this one (by similarity: also names that contain it or are spelt close).")
    var artist: String?

    @Option(help: "Genre names like this one (by similarity, as --artist).")
    var genre: String?

    @Flag(help: "Only the exact name a submit of the query would use (bach finds bach, not beach).")
    var exact = false

    @Option(help: "The most entries per table (1 to 1000).")
    var limit = LabelsRequest.defaultLimit

    func validate() throws {
        guard LabelsRequest.limitRange.contains(limit) else { throw ValidationError("--limit is 1 to 1000") }
    }

    func run() throws {
        let request = LabelsRequest(
            model: model, artistQuery: artist, genreQuery: genre, limit: limit, exact: exact)
        try finish(connection.client().labels(request))
    }
}

/// `jukebox status`: the daemon's state.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the daemon's state.")

    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        try finish(connection.client().status())
    }
}
