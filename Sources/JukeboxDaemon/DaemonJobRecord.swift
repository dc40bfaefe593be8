import JukeboxProtocol

/// What the daemon keeps about a job, in `<state>/jobs/<id>/job.json` beside the engine's
/// files: who owns it, where it stands and how far it got. What the job makes (mode, takes,
/// levels, seed, format) is the engine's `generation.json` (``JukeboxEngine/JobRecord``), read with
/// it at start-up (``StoredJob``); this record does not repeat it.
///
/// Written through the ``JobJournal`` at every state change, so `jobs` survives a restart and
/// an interrupted job resumes. Every field is typed, and reading one checks it
/// (``init(from:)``): a record that does not hold together is not loaded but quarantined.
struct DaemonJobRecord: Sendable, Equatable {
    /// The layout this daemon writes. Format 1 also held the mode, the takes and the whole
    /// spec (now only in `generation.json`); it is read, and rewritten as format 2 at start-up.
    static let currentFormat = 2
    /// The oldest layout this daemon reads.
    static let oldestFormat = 1

    /// The layout the record was read in (``currentFormat`` for a new one); saving always
    /// writes ``currentFormat``.
    var formatVersion = Self.currentFormat
    /// The job's id (its folder name).
    var id: JobID
    /// The uid of the client that submitted it (`SO_PEERCRED`).
    var owner: UInt32
    /// Where it stands.
    var state: JobState
    /// The model's folder name.
    var model: String
    /// Submission time, seconds since the Unix epoch.
    var createdUnixS: Int64
    /// Submission order, for listing and for the queue after a restart.
    var sequence: Int
    /// When the job ended, seconds since the Unix epoch.
    var finishedUnixS: Int64?
    /// When the worker first started the job, seconds since the Unix epoch.
    var startedUnixS: Int64?
    /// Seconds of audio per take, once done.
    var durationS: Double?
    /// The levels finished so far with the seconds their tokens cover, in finishing order.
    var levelsDone: [LevelDone] = []
    /// Takes (from 0) dropped by `drop_take`, in the order they were dropped. The engine
    /// applies each at its next window (`generation.json` records those applied); a resumed
    /// job is handed them again, so a drop survives any crash once written here.
    var droppedTakes: [Int] = []
    /// Why the job failed: present exactly when ``state`` is failed.
    var failure: Failure?
    /// Times the job was started (or resumed) since it last saved a window: raised when the
    /// worker starts it, cleared when a window is saved or a shutdown interrupts it. A job
    /// found `running` at start-up with ``maxStartsWithoutProgress`` of these made the daemon
    /// die that often without progress, and is failed with `crashed` instead of resumed.
    var startsWithoutProgress = 0

    /// Starts without progress after which a job that was running when the daemon died is
    /// failed (`crashed`) instead of resumed: the second death in a row.
    static let maxStartsWithoutProgress = 2

    /// One finished level.
    struct LevelDone: Codable, Sendable, Equatable {
        var level: Int
        var durationS: Double
        /// Seconds the worker spent on the level (from the end of the level before, or from
        /// the job's start or resume); nil in records of older daemons.
        var computeS: Double?

        enum CodingKeys: String, CodingKey {
            case level
            case durationS = "duration_s"
            case computeS = "compute_s"
        }
    }

    /// When the job started and ended and its levels' compute times, as `jobs` and `done` give them.
    var times: JobTimes {
        JobTimes(
            startedUnixS: startedUnixS, finishedUnixS: finishedUnixS,
            levels: levelsDone.compactMap { done in done.computeS.map { LevelCompute(level: done.level, computeS: $0) }
            })
    }

    /// The error a failed job ended with (`error_code` and `error_message` in the file).
    struct Failure: Sendable, Equatable {
        var code: ErrorCode
        var message: String
    }

    /// Marks the job failed with `error` (its code and message are kept for `jobs` and `watch`).
    mutating func fail(_ error: ErrorReply) {
        state = .failed
        failure = Failure(code: error.code, message: error.message)
    }
}

extension DaemonJobRecord {
    /// The fields of log lines about this job.
    var logFields: JobLogFields { JobLogFields(job: id.rawValue, uid: owner, model: model) }
}
