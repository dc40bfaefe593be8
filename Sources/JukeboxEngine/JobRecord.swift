import Foundation

/// The job folder's `spec.json`: the spec as the user gave it and the lengths worked out from
/// it when the job was accepted, so that resuming needs neither the primer nor the source job.
public struct JobRecord: Codable, Sendable, Equatable {
    /// Layout version of the file.
    public var formatVersion = 1
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

    enum CodingKeys: String, CodingKey {
        case spec, offset
        case formatVersion = "format_version"
        case bundleIdentity = "bundle_identity"
        case sampleLength = "sample_length"
        case songLength = "song_length"
        case promptLength = "prompt_length"
    }

    /// Saves the record as `folder`'s `spec.json`, atomically.
    public func save(in folder: JobFolder) throws(EngineError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let data: Data
        do { data = try encoder.encode(self) } catch { throw .checkpointFailed(path: folder.spec, reason: "\(error)") }
        try AtomicFile.write([UInt8](data), to: folder.spec)
    }

    /// Reads `folder`'s `spec.json`.
    public static func load(from folder: JobFolder) throws(EngineError) -> JobRecord {
        guard let data = FileManager.default.contents(atPath: folder.spec) else {
            throw .checkpointFailed(path: folder.spec, reason: "missing or unreadable")
        }
        do { return try JSONDecoder().decode(JobRecord.self, from: data) } catch {
            throw .checkpointFailed(path: folder.spec, reason: "\(error)")
        }
    }
}
