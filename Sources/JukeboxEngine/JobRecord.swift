import Foundation

/// A job's durable state, the folder's `generation.json`, owned by the engine: the spec as
/// the user gave it, the bundle it runs on, the lengths worked out when it was accepted (so
/// resuming needs neither the primer nor the source job), and where sampling stands after the
/// last finished window (``progress``). Rewritten atomically after every window.
public struct JobRecord: Codable, Sendable, Equatable {
    /// Layout version of the file.
    public var formatVersion = Self.currentFormat
    /// The spec.
    public var spec: GenerationSpec
    /// The bundle the job runs on (``BundleIdentity``).
    public var bundleIdentity: String
    /// Length of the result in raw samples, a multiple of the top level's hop.
    public var sampleLength: Int
    /// The song's length for the timing conditioning, in raw samples.
    public var songLength: Int
    /// Where the result starts within the song, in raw samples.
    public var offset: Int
    /// Raw samples of the result that come from the primer or the source take.
    public var promptLength: Int
    /// Where sampling stands; nil until the starting tokens are saved.
    public var progress: JobProgress?
    /// Who makes the job, stamped into its takes (``TakeProvenance``); nil for a job that
    /// writes no provenance.
    public var origin: JobOrigin?
    /// Takes dropped mid-job (from 0), in the order they were dropped; nil when none was. A
    /// dropped take's rows leave the tokens files (its tokens so far stay in its own files,
    /// ``JobFolder/droppedTokens(level:take:)``) and the job goes on with the others.
    public var dropped: [Int]?

    /// Takes dropped mid-job (from 0), in the order they were dropped.
    public var droppedTakes: [Int] { dropped ?? [] }

    /// The takes still sampled (from 0, in order): the rows of the tokens files, top row first.
    public var activeTakes: [Int] { (0..<spec.takes).filter { !droppedTakes.contains($0) } }

    /// The layout this release writes.
    static let currentFormat = 2

    /// A record of a job not started yet.
    public init(
        spec: GenerationSpec, bundleIdentity: String, sampleLength: Int, songLength: Int, offset: Int,
        promptLength: Int, origin: JobOrigin? = nil
    ) {
        self.spec = spec
        self.origin = origin
        self.bundleIdentity = bundleIdentity
        self.sampleLength = sampleLength
        self.songLength = songLength
        self.offset = offset
        self.promptLength = promptLength
    }

    enum CodingKeys: String, CodingKey {
        case spec, offset, progress, origin
        case dropped = "dropped_takes"
        case formatVersion = "format_version"
        case bundleIdentity = "bundle_identity"
        case sampleLength = "sample_length"
        case songLength = "song_length"
        case promptLength = "prompt_length"
    }

    /// Saves the record as `folder`'s `generation.json`, atomically, and removes the earlier
    /// layout's files once it is written.
    /// - Throws: ``EngineError/checkpointFailed(path:reason:)``, ``EngineError/diskFull(path:)``.
    public func save(in folder: JobFolder) throws(EngineError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let data: Data
        do { data = try encoder.encode(self) } catch {
            throw .checkpointFailed(path: folder.record, reason: "\(error)")
        }
        try AtomicFile.write([UInt8](data), to: folder.record)
        for old in [folder.legacySpec, folder.legacyCheckpoint] where FileManager.default.fileExists(atPath: old) {
            try? FileManager.default.removeItem(atPath: old)
        }
    }

    /// Whether `folder` holds a job record (of this layout or the earlier one).
    public static func exists(in folder: JobFolder) -> Bool {
        FileManager.default.fileExists(atPath: folder.record)
            || FileManager.default.fileExists(atPath: folder.legacySpec)
    }

    /// Reads `folder`'s record: `generation.json`, or the earlier layout's `spec.json` and
    /// `checkpoint.json`.
    /// - Throws: ``EngineError/checkpointFailed(path:reason:)`` for a missing, malformed or
    ///   unknown-layout file.
    public static func load(from folder: JobFolder) throws(EngineError) -> JobRecord {
        if !FileManager.default.fileExists(atPath: folder.record),
            FileManager.default.fileExists(atPath: folder.legacySpec)
        {
            return try loadLegacy(from: folder)
        }
        let record: JobRecord = try decode(folder.record)
        guard record.formatVersion == currentFormat else {
            throw .checkpointFailed(path: folder.record, reason: "unknown layout \(record.formatVersion)")
        }
        return record
    }

    /// The earlier layout: `spec.json` (format 1, no progress) and `checkpoint.json` (format 2).
    private static func loadLegacy(from folder: JobFolder) throws(EngineError) -> JobRecord {
        var record: JobRecord = try decode(folder.legacySpec)
        guard record.formatVersion == 1 else {
            throw .checkpointFailed(path: folder.legacySpec, reason: "unknown layout \(record.formatVersion)")
        }
        record.formatVersion = currentFormat
        if FileManager.default.fileExists(atPath: folder.legacyCheckpoint) {
            let legacy: JobProgress.Legacy = try decode(folder.legacyCheckpoint)
            guard legacy.formatVersion == 2, legacy.bundleIdentity == record.bundleIdentity else {
                throw .checkpointFailed(path: folder.legacyCheckpoint, reason: "unknown layout or another bundle")
            }
            record.progress = legacy.progress
        }
        return record
    }

    private static func decode<T: Decodable>(_ path: String) throws(EngineError) -> T {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .checkpointFailed(path: path, reason: "missing or unreadable")
        }
        do { return try JSONDecoder().decode(T.self, from: data) } catch {
            throw .checkpointFailed(path: path, reason: "\(error)")
        }
    }
}

/// Where sampling stands after the last finished window (the JSON part of a ``JobCheckpoint``;
/// the tokens are in the folder's tokens files).
public struct JobProgress: Codable, Sendable, Equatable {
    /// The random generator's state.
    public var generator: [UInt64]
    /// Takes (rows) per level.
    public var takes: [Int]
    /// Tokens per row, per level.
    public var lengths: [Int]
    /// The last finished window: its level and index in that level's schedule (-1: none yet).
    public var level: Int
    public var window: Int
    /// Levels sampled to their end, top first.
    public var completedLevels: [Int]

    /// Progress from its parts.
    public init(generator: [UInt64], takes: [Int], lengths: [Int], level: Int, window: Int, completedLevels: [Int]) {
        self.generator = generator
        self.takes = takes
        self.lengths = lengths
        self.level = level
        self.window = window
        self.completedLevels = completedLevels
    }

    enum CodingKeys: String, CodingKey {
        case generator, takes, lengths, level, window
        case completedLevels = "completed_levels"
    }

    /// `checkpoint.json` of the earlier layout.
    struct Legacy: Decodable {
        var formatVersion: Int
        var bundleIdentity: String
        var progress: JobProgress

        enum CodingKeys: String, CodingKey {
            case formatVersion = "format_version"
            case bundleIdentity = "bundle_identity"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            formatVersion = try container.decode(Int.self, forKey: .formatVersion)
            bundleIdentity = try container.decode(String.self, forKey: .bundleIdentity)
            progress = try JobProgress(from: decoder)
        }
    }
}
