import JukeboxEngine
import JukeboxProtocol

/// What the daemon keeps about a job, in `<state>/jobs/<id>/job.json` beside the engine's
/// files: who owns it, where it stands and what it makes. Rewritten atomically at every
/// state change, so `jobs` survives a restart and an interrupted job resumes.
struct DaemonJobRecord: Codable, Sendable, Equatable {
    /// Layout version of the file.
    var formatVersion = 1
    /// The job's id (its folder name).
    var id: String
    /// The uid of the client that submitted it (`SO_PEERCRED`).
    var owner: UInt32
    /// Where it stands (a ``JobState`` raw value).
    var state: String
    /// The model's folder name.
    var model: String
    /// The mode (a ``GenerationMode`` raw value).
    var mode: String
    /// Takes.
    var takes: Int
    /// Submission time, seconds since the Unix epoch.
    var createdUnixS: Int64
    /// Submission order, for listing and for the queue after a restart.
    var sequence: Int
    /// When the job ended, seconds since the Unix epoch.
    var finishedUnixS: Int64?
    /// Seconds of audio per take, once done.
    var durationS: Double?
    /// The levels finished so far with the seconds their tokens cover, in finishing order.
    var levelsDone: [LevelDone] = []
    /// The error code and message, once failed.
    var errorCode: String?
    var errorMessage: String?
    /// The spec the engine runs (also in the engine's `spec.json`).
    var spec: GenerationSpec
    /// Times the job was started (or resumed) since it last saved a window: raised when the
    /// worker starts it, cleared when a window is saved or a shutdown interrupts it. A job
    /// found `running` at start-up with ``maxStartsWithoutProgress`` of these made the daemon
    /// die that often without progress, and is failed with `crashed` instead of resumed.
    var startsWithoutProgress: Int?

    /// Starts without progress after which a job that was running when the daemon died is
    /// failed (`crashed`) instead of resumed: the second death in a row.
    static let maxStartsWithoutProgress = 2

    /// One finished level.
    struct LevelDone: Codable, Sendable, Equatable {
        var level: Int
        var durationS: Double

        enum CodingKeys: String, CodingKey {
            case level
            case durationS = "duration_s"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, owner, state, model, mode, takes, sequence, spec
        case formatVersion = "format_version"
        case createdUnixS = "created_unix_s"
        case finishedUnixS = "finished_unix_s"
        case durationS = "duration_s"
        case levelsDone = "levels_done"
        case errorCode = "error_code"
        case errorMessage = "error_message"
        case startsWithoutProgress = "starts_without_progress"
    }

    /// ``state`` as a ``JobState`` (an unknown word reads as failed).
    var jobState: JobState {
        get { JobState(rawValue: state) ?? .failed }
        set { state = newValue.rawValue }
    }

    /// Marks the job failed with `error` (its code and message are kept for `jobs` and `watch`).
    mutating func fail(_ error: ErrorReply) {
        jobState = .failed
        errorCode = error.code.rawValue
        errorMessage = error.message
    }

    /// Whether the job has ended.
    var isFinished: Bool {
        switch jobState {
        case .done, .failed, .cancelled: return true
        case .queued, .running: return false
        }
    }

    /// The job's id as the protocol's type; ``JobStore/loadAll()`` keeps only records whose id
    /// is valid, and new ids are valid by construction.
    var jobID: JobID {
        guard let jobID = JobID(id) else { preconditionFailure("job record with invalid id \(id)") }
        return jobID
    }
}
