import JukeboxTerms

/// The files of one job, all inside the job's folder:
///
/// | file | holds |
/// |---|---|
/// | `generation.json` | the job's durable state (``JobRecord``): spec, bundle, lengths, progress |
/// | `primer` | the primer file's bytes as given (primed jobs) |
/// | `tokens-level-L.bin` | tokens of level L, one row per take (``TokenFile``) |
/// | `level-L-take-K.wav` | the decoded audio of level L (L > 0), take K from 1: previews |
/// | `take-K.wav` | the decoded level-0 audio of take K: the result |
/// | `take-K.json`, `level-L-take-K.json` | how that file was made (``TakeProvenance``), also in the file's tags |
/// | `preview-take-K.wav` | take K's top-level tokens so far, decoded after every top-level window |
/// | `tokens-level-L-take-K.bin` | the tokens of a dropped take K at level L when it was dropped |
///
/// (`.flac` instead of `.wav` when the job asks for FLAC.) Folders written before
/// `generation.json` existed hold `spec.json` and `checkpoint.json` instead; ``JobRecord/load(from:)``
/// reads them and the next save replaces them.
public struct JobFolder: Sendable, Equatable {
    /// The folder's path.
    public let path: String

    /// The job folder at `path`.
    public init(_ path: String) { self.path = path }

    /// `generation.json`.
    public var record: String { path + "/generation.json" }
    /// `primer`.
    public var primer: String { path + "/primer" }
    /// `spec.json` of the earlier layout (read, then replaced).
    var legacySpec: String { path + "/spec.json" }
    /// `checkpoint.json` of the earlier layout (read, then replaced).
    var legacyCheckpoint: String { path + "/checkpoint.json" }

    /// The tokens file of `level`.
    public func tokens(level: Int) -> String { path + "/tokens-level-\(level).bin" }

    /// The tokens file of take `take` (from 0) at `level`, written when the take was dropped.
    public func droppedTokens(level: Int, take: Int) -> String { path + "/tokens-level-\(level)-take-\(take + 1).bin" }

    /// The file name (inside the folder) of take `take`'s (from 0) latest preview.
    public static func previewName(take: Int, format: AudioFormat) -> String {
        "preview-take-\(take + 1).\(format.rawValue)"
    }

    /// The path of take `take`'s (from 0) latest preview.
    public func preview(take: Int, format: AudioFormat) -> String {
        path + "/" + Self.previewName(take: take, format: format)
    }

    /// The file name (inside the folder) of take `take` (from 0) decoded at `level`.
    public static func audioName(level: Int, take: Int, format: AudioFormat) -> String {
        level == 0 ? "take-\(take + 1).\(format.rawValue)" : "level-\(level)-take-\(take + 1).\(format.rawValue)"
    }

    /// The file name (inside the folder) of the provenance sidecar of take `take` (from 0) at `level`.
    public static func provenanceName(level: Int, take: Int) -> String {
        level == 0 ? "take-\(take + 1).json" : "level-\(level)-take-\(take + 1).json"
    }

    /// The path of take `take` (from 0) decoded at `level`.
    public func audio(level: Int, take: Int, format: AudioFormat) -> String {
        path + "/" + Self.audioName(level: level, take: take, format: format)
    }
}
