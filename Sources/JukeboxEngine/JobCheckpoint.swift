import Foundation

/// What a job has produced so far, saved after every window so that a job interrupted by a
/// crash, a restart or a cancel can go on from its last finished window and end with the
/// same tokens as an uninterrupted run.
///
/// On disk (``JobFolder``): `checkpoint.json` with the generator state and every level's
/// token count, and one ``TokenFile`` per level. A level's tokens file is written before the
/// JSON, and tokens only grow, so a crash between the two leaves a tokens file at least as
/// long as the JSON says; loading cuts it to the recorded count.
///
/// Resuming: run the job on with ``codes`` as the existing tokens and
/// `SeededGenerator(snapshot: generator)`; windows already covered are skipped, and the
/// generator continues the same sequence.
public struct JobCheckpoint: Sendable, Equatable {
    /// The bundle the tokens belong to.
    public var bundleIdentity: String
    /// The job's seed as given, for the record.
    public var seed: UInt64
    /// The random generator's state after the last finished window.
    public var generator: [UInt64]
    /// Tokens per level and take after the last finished window, `codes[level][take]`.
    public var codes: [[[Int]]]
    /// The last finished window: its level and index in that level's schedule (-1: none yet).
    public var level: Int
    public var window: Int
    /// Levels sampled to their end, top first.
    public var completedLevels: [Int]

    /// A checkpoint from its parts.
    public init(
        bundleIdentity: String, seed: UInt64, generator: [UInt64], codes: [[[Int]]], level: Int, window: Int,
        completedLevels: [Int] = []
    ) {
        self.bundleIdentity = bundleIdentity
        self.seed = seed
        self.generator = generator
        self.codes = codes
        self.level = level
        self.window = window
        self.completedLevels = completedLevels
    }

    /// The JSON part.
    struct Record: Codable {
        var formatVersion = 2
        var bundleIdentity: String
        var seed: UInt64
        var generator: [UInt64]
        var takes: [Int]
        var lengths: [Int]
        var level: Int
        var window: Int
        var completedLevels: [Int]

        enum CodingKeys: String, CodingKey {
            case seed, generator, takes, lengths, level, window
            case formatVersion = "format_version"
            case bundleIdentity = "bundle_identity"
            case completedLevels = "completed_levels"
        }
    }

    /// Saves the checkpoint in `folder`: the tokens of `levels` (all when nil), then the JSON.
    /// - Throws: ``EngineError/checkpointFailed(path:reason:)``; ``EngineError/invalidCodes(level:reason:)``.
    public func save(in folder: JobFolder, levels: [Int]? = nil) throws(EngineError) {
        for level in levels ?? Array(codes.indices) {
            try AtomicFile.write(try TokenFile.encode(codes[level], level: level), to: folder.tokens(level: level))
        }
        let record = Record(
            bundleIdentity: bundleIdentity, seed: seed, generator: generator, takes: codes.map(\.count),
            lengths: codes.map { $0.first?.count ?? 0 }, level: level, window: window,
            completedLevels: completedLevels)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        do { data = try encoder.encode(record) } catch {
            throw .checkpointFailed(path: folder.checkpoint, reason: "\(error)")
        }
        try AtomicFile.write([UInt8](data), to: folder.checkpoint)
    }

    /// Whether `folder` holds a checkpoint.
    public static func exists(in folder: JobFolder) -> Bool {
        FileManager.default.fileExists(atPath: folder.checkpoint)
    }

    /// Reads the checkpoint saved in `folder`.
    /// - Throws: ``EngineError/checkpointFailed(path:reason:)`` for a missing or malformed JSON;
    ///   ``EngineError/unreadableCodesFile(path:reason:)`` for tokens files shorter than recorded.
    public static func load(from folder: JobFolder) throws(EngineError) -> JobCheckpoint {
        guard let data = FileManager.default.contents(atPath: folder.checkpoint) else {
            throw .checkpointFailed(path: folder.checkpoint, reason: "missing or unreadable")
        }
        let record: Record
        do { record = try JSONDecoder().decode(Record.self, from: data) } catch {
            throw .checkpointFailed(path: folder.checkpoint, reason: "\(error)")
        }
        guard record.formatVersion == 2, record.takes.count == record.lengths.count else {
            throw .checkpointFailed(path: folder.checkpoint, reason: "unknown layout \(record.formatVersion)")
        }
        var codes: [[[Int]]] = []
        for level in record.lengths.indices {
            let rows = try TokenFile.read(path: folder.tokens(level: level), length: record.lengths[level])
            guard rows.count == record.takes[level] else {
                throw .unreadableCodesFile(
                    path: folder.tokens(level: level), reason: "\(rows.count) rows, \(record.takes[level]) expected")
            }
            codes.append(rows)
        }
        return JobCheckpoint(
            bundleIdentity: record.bundleIdentity, seed: record.seed, generator: record.generator, codes: codes,
            level: record.level, window: record.window, completedLevels: record.completedLevels)
    }
}
