import JukeboxJSON

/// When a job ran and how long each level took to compute: the members `started_unix_s`,
/// `finished_unix_s`, `compute_s` and `level_compute` of `jobs` entries and `done` events.
///
/// Compute time is wall-clock time the daemon's worker spent on the job, not the music's
/// length: a level's time runs from the end of the level before (the first from the job's
/// start), decoding its audio included. A level interrupted by a restart counts from the
/// resume; time paused on a full disk counts.
public struct JobTimes: Equatable, Sendable {
    /// When the worker first started the job, in seconds since the Unix epoch; nil before.
    public var startedUnixS: Int64?
    /// When the job ended (done, failed or cancelled), in seconds since the Unix epoch; nil before.
    public var finishedUnixS: Int64?
    /// The finished levels' compute times, in the order they finished (top level first).
    public var levels: [LevelCompute]

    /// Job times; the arguments match the properties.
    public init(startedUnixS: Int64? = nil, finishedUnixS: Int64? = nil, levels: [LevelCompute] = []) {
        self.startedUnixS = startedUnixS
        self.finishedUnixS = finishedUnixS
        self.levels = levels
    }

    /// The finished levels' compute seconds added up (`compute_s`); nil when no level has a time.
    public var computeS: Double? {
        levels.isEmpty ? nil : levels.reduce(0) { $0 + $1.computeS }
    }

    init(from reader: inout FieldReader) throws(MessageError) {
        startedUnixS = try reader.optional("started_unix_s", FieldReader.int).map { Int64($0) }
        finishedUnixS = try reader.optional("finished_unix_s", FieldReader.int).map { Int64($0) }
        levels = try reader.optional("level_compute", FieldReader.array(LevelCompute.nested)) ?? []
    }

    func encode(into object: inout JSONObject) {
        if let startedUnixS { object["started_unix_s"] = .integer(startedUnixS) }
        if let finishedUnixS { object["finished_unix_s"] = .integer(finishedUnixS) }
        if let computeS { object["compute_s"] = .number(computeS) }
        if !levels.isEmpty { object["level_compute"] = .array(levels.map(\.wireJSON)) }
    }
}

/// The compute time of one finished level of a job.
public struct LevelCompute: Equatable, Sendable, WireObject {
    /// The level (2 is the top).
    public var level: Int
    /// Seconds the worker spent on it.
    public var computeS: Double

    /// A level's time; the arguments match the properties.
    public init(level: Int, computeS: Double) {
        self.level = level
        self.computeS = computeS
    }

    init(from reader: inout FieldReader) throws(MessageError) {
        level = try reader.required("level", FieldReader.int)
        computeS = try reader.required("compute_s", FieldReader.double)
    }

    func encode(into object: inout JSONObject) {
        object["level"] = JSONValue(level)
        object["compute_s"] = .number(computeS)
    }
}
