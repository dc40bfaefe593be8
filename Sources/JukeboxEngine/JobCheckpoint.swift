import Foundation
#if canImport(Glibc)
import Glibc
#endif
import JukeboxModel

/// What a job has produced so far, saved after every window so that a job interrupted by a
/// crash, a restart or a cancel can go on from its last finished window and end with the
/// same tokens as an uninterrupted run.
///
/// Resuming: run the same job again in `.continuation(codes: checkpoint.codes)` mode with
/// `SeededGenerator(snapshot: checkpoint.generator)`; windows already covered by the saved
/// tokens are skipped, and the generator continues the same sequence.
public struct JobCheckpoint: Codable, Sendable, Equatable {
    /// Layout version of the file.
    public var formatVersion = 1
    /// The bundle the tokens belong to (its name and the sources' checksums).
    public var bundleIdentity: String
    /// The job's seed as given, for the record.
    public var seed: UInt64
    /// The random generator's state after the last finished window.
    public var generator: [UInt64]
    /// Tokens per level and take after the last finished window, `codes[level][take]`.
    public var codes: [[[Int]]]
    /// The last finished window: its level and index in that level's schedule.
    public var level: Int
    public var window: Int

    enum CodingKeys: String, CodingKey {
        case seed, generator, codes, level, window
        case formatVersion = "format_version"
        case bundleIdentity = "bundle_identity"
    }

    public init(bundleIdentity: String, seed: UInt64, generator: [UInt64], codes: [[[Int]]], level: Int, window: Int) {
        self.bundleIdentity = bundleIdentity
        self.seed = seed
        self.generator = generator
        self.codes = codes
        self.level = level
        self.window = window
    }

    /// Writes the checkpoint to `path` atomically: a temporary file beside it is written,
    /// flushed to disk (fsync) and renamed over `path`, so a crash leaves the old or the new
    /// checkpoint, never a torn one.
    /// - Throws: `EngineError.checkpointFailed` with the reason.
    public func save(to path: String) throws {
        let data = try JSONEncoder().encode(self)
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw EngineError.checkpointFailed(path: path, reason: String(cString: strerror(errno))) }
        var ok = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw EngineError.checkpointFailed(path: path, reason: reason)
        }
    }

    /// Reads a checkpoint written by `save(to:)`.
    /// - Throws: `EngineError.checkpointFailed` for a missing or unreadable file.
    public static func load(from path: String) throws -> JobCheckpoint {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EngineError.checkpointFailed(path: path, reason: "missing or unreadable")
        }
        do {
            return try JSONDecoder().decode(JobCheckpoint.self, from: data)
        } catch {
            throw EngineError.checkpointFailed(path: path, reason: "\(error)")
        }
    }
}
