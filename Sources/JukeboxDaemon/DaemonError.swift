import JukeboxProtocol

/// Why the daemon refused a request or could not keep its state; each case maps to one
/// stable wire code in ``WireErrors/reply(for:)``.
public enum DaemonError: Error, Equatable, Sendable {
    /// No bundle of that name in the models folder, or its folder does not open; `reason`
    /// says why when the folder exists. Fix the name (`models` lists them) or the bundle.
    case unknownModel(name: String, reason: String?)
    /// No job of that id belongs to the client (another user's job is not told apart).
    case jobNotFound(JobID)
    /// The job exists, but not the take or level asked for; `what` names it.
    case outputNotFound(job: JobID, what: String)
    /// The job has not produced the output yet; `what` names it. Watch the job and fetch
    /// after `level-done` or `done`.
    case notReady(job: JobID, what: String)
    /// `queue_limit` jobs are queued or running; try again later.
    case busy(limit: Int)
    /// The daemon is stopping and takes no new work.
    case shuttingDown
    /// The request is refused for this client; `reason` says why (a primer path the client
    /// may not read, for example).
    case forbidden(reason: String)
    /// The primer cannot be used; `reason` says why.
    case badAudio(reason: String)
    /// A request field has a value the daemon cannot act on (cancelling a finished job, a
    /// source take that does not exist); `field` names it.
    case invalidField(field: String, reason: String)
    /// The state folder could not be written; check its space and permissions.
    case stateWriteFailed(path: String, reason: String)
    /// The state folder's file system is full or over quota; nothing was changed.
    case diskFull(path: String)
    /// Another process (`pid`, when known) holds the state folder's lock: a second daemon on
    /// the same state folder. Stop it, or give this one another `state_dir`.
    case stateInUse(path: String, pid: Int32?)
    /// The daemon died `times` times while running the job, without progress in between; the
    /// job is failed instead of being resumed into another crash.
    case crashed(times: Int)
    /// The connection was idle, or left a line unfinished, for too long; `reason` says which.
    case timeout(reason: String)
    /// Something inside the daemon went wrong; `reason` says what.
    case `internal`(reason: String)
    /// The state folder's file system has `freeBytes` free, less than the `neededBytes` the job
    /// would write; nothing was queued. Free space (`jukebox prune`) or ask for less.
    case noSpace(path: String, neededBytes: Int64, freeBytes: Int64)
    /// `remove` refuses a job that is queued or running (or that a queued or running job
    /// continues from); `reason` says which. Cancel it first, or wait for it to end.
    case jobActive(JobID, reason: String)
    /// `drop_take` named a take the job does not have (`takes` of them, from 0).
    case takeOutOfRange(job: JobID, take: Int, takes: Int)
    /// `drop_take` would drop the only take the job has left; cancel the job instead.
    case lastTake(job: JobID, take: Int)
    /// The job has ended (`state`); there is nothing to change.
    case jobEnded(job: JobID, state: JobState)
}

extension DaemonError: CustomStringConvertible {
    /// A one-line message for the error reply and the journal.
    public var description: String {
        switch self {
        case .unknownModel(let name, nil):
            return "no model \"\(name)\" in the models folder; the models request lists them"
        case .unknownModel(let name, let reason?):
            return "model \"\(name)\" cannot be opened: \(reason)"
        case .jobNotFound(let job):
            return "no job \(job) for this user"
        case .outputNotFound(let job, let what):
            return "job \(job) has no \(what)"
        case .notReady(let job, let what):
            return "job \(job) has not produced \(what) yet; watch it and fetch when it is done"
        case .busy(let limit):
            return "the queue is full (\(limit) jobs queued or running); try again later"
        case .shuttingDown:
            return "the daemon is stopping; retry after it restarts"
        case .forbidden(let reason):
            return reason
        case .badAudio(let reason):
            return reason
        case .invalidField(_, let reason):
            return reason
        case .stateWriteFailed(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .diskFull(let path):
            return "no space left on the file system of \(path); nothing was changed"
        case .stateInUse(let path, let pid):
            let owner = pid.map { "another jukeboxd (pid \($0))" } ?? "another jukeboxd"
            return "the state folder \(path) is already in use by \(owner); stop it first, "
                + "or give this daemon another state_dir"
        case .crashed(let times):
            return "the daemon died \(times) times while running this job without it saving a window in between; "
                + "it was failed instead of resumed (the daemon's journal has the cause)"
        case .timeout(let reason):
            return reason
        case .internal(let reason):
            return reason
        case .noSpace(let path, let needed, let free):
            return "the job needs about \(needed >> 20) MiB in \(path) but its file system has \(free >> 20) MiB free; "
                + "nothing was queued: remove old jobs (jukebox prune) or ask for less music or fewer takes"
        case .jobActive(_, let reason):
            return reason
        case .takeOutOfRange(let job, let take, let takes):
            return "job \(job) has no take \(take + 1): it has \(takes) (take counts from 0 on the wire)"
        case .lastTake(let job, let take):
            return "take \(take + 1) is the last take job \(job) has left; cancel the job instead"
        case .jobEnded(let job, let state):
            return "job \(job) has already ended (\(state.rawValue)); nothing was changed"
        }
    }

    /// The stable wire code.
    var code: ErrorCode {
        switch self {
        case .unknownModel: return .unknownModel
        case .jobNotFound, .outputNotFound: return .notFound
        case .notReady: return .notReady
        case .busy: return .busy
        case .shuttingDown: return .shuttingDown
        case .forbidden: return .forbidden
        case .badAudio: return .badAudio
        case .invalidField: return .invalidField
        case .diskFull: return .diskFull
        case .crashed: return .crashed
        case .timeout: return .timeout
        case .noSpace: return .noSpace
        case .jobActive: return .jobActive
        case .stateWriteFailed, .stateInUse, .internal: return .internal
        case .takeOutOfRange: return .outOfRange
        case .lastTake: return .lastTake
        case .jobEnded: return .jobEnded
        }
    }

    /// The request field at fault, if any.
    var field: String? {
        switch self {
        case .unknownModel: return "model"
        case .jobNotFound, .jobActive, .jobEnded: return "job"
        case .takeOutOfRange, .lastTake: return "take"
        case .invalidField(let field, _): return field
        default: return nil
        }
    }
}
