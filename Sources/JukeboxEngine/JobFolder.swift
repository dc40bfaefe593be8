/// The files of one job, all inside the job's folder:
///
/// | file | holds |
/// |---|---|
/// | `spec.json` | the ``GenerationSpec`` and the bundle identity (``JobRecord``) |
/// | `primer` | the primer file's bytes as given (primed jobs) |
/// | `checkpoint.json` | generator state and token counts after the last finished window |
/// | `tokens-level-L.bin` | tokens of level L, one row per take (``TokenFile``) |
/// | `level-L-take-K.wav` | the decoded audio of level L (L > 0), take K from 1: previews |
/// | `take-K.wav` | the decoded level-0 audio of take K: the result |
///
/// (`.flac` instead of `.wav` when the job asks for FLAC.)
public struct JobFolder: Sendable, Equatable {
    /// The folder's path.
    public let path: String

    /// The job folder at `path`.
    public init(_ path: String) { self.path = path }

    /// `spec.json`.
    public var spec: String { path + "/spec.json" }
    /// `primer`.
    public var primer: String { path + "/primer" }
    /// `checkpoint.json`.
    public var checkpoint: String { path + "/checkpoint.json" }

    /// The tokens file of `level`.
    public func tokens(level: Int) -> String { path + "/tokens-level-\(level).bin" }

    /// The file name (inside the folder) of take `take` (from 0) decoded at `level`.
    public static func audioName(level: Int, take: Int, format: GenerationSpec.OutputFormat) -> String {
        level == 0 ? "take-\(take + 1).\(format.rawValue)" : "level-\(level)-take-\(take + 1).\(format.rawValue)"
    }

    /// The path of take `take` (from 0) decoded at `level`.
    public func audio(level: Int, take: Int, format: GenerationSpec.OutputFormat) -> String {
        path + "/" + Self.audioName(level: level, take: take, format: format)
    }
}
