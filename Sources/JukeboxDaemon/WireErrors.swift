import JukeboxAudio
import JukeboxEngine
import JukeboxModel
import JukeboxProtocol
import JukeboxText

/// Every error the daemon meets, as the error object of an `error` reply or a `failed`
/// event: the one mapping of Swift errors to stable wire codes.
///
/// | error | code |
/// |---|---|
/// | ``DaemonError`` | its own code (``DaemonError/code``) |
/// | `MessageError` | its own code |
/// | `TextError.unknownArtist` | `unknown_artist` |
/// | `TextError.unknownGenre`, `.tooManyGenreWords` | `unknown_genre` |
/// | other `TextError` (timing out of the model's range, lyrics) | `out_of_range` / `invalid_field` |
/// | `AudioError`, `EngineError.unusablePrimer` | `bad_audio` |
/// | `EngineError.memoryBudgetExceeded` | `out_of_range` (field `takes`) |
/// | `EngineError.invalidSetting` (the engine's validator) | `invalid_field` with its field |
/// | `EngineError.invalidJob`, `.invalidSchedule`, `.invalidCodes` | `invalid_field` |
/// | `EngineError.stopped(.cancel)` / `(.shutdown)` | `cancelled` / `shutting_down` |
/// | `EngineError.diskFull`, ``DaemonError/diskFull(path:)`` | `disk_full` |
/// | `ModelError.nonFinite` (NaN or infinity while sampling or decoding) | `numeric_error` |
/// | ``DaemonError/crashed(times:)`` | `crashed` |
/// | anything else | `internal` |
enum WireErrors {
    /// The error object for `error`.
    static func reply(for error: any Error) -> ErrorReply {
        switch error {
        case let error as DaemonError:
            return ErrorReply(code: error.code, message: error.description, field: error.field)
        case let error as MessageError:
            return error.errorReply
        case let error as TextError:
            return text(error)
        case let error as AudioError:
            return ErrorReply(code: .badAudio, message: "the primer: \(error)")
        case let error as EngineError:
            return engine(error)
        case let error as ModelError:
            return model(error)
        default:
            return ErrorReply(code: .internal, message: "\(error)")
        }
    }

    private static func text(_ error: TextError) -> ErrorReply {
        switch error {
        case .unknownArtist:
            return ErrorReply(code: .unknownArtist, message: error.description, field: "artist")
        case .unknownGenre, .tooManyGenreWords:
            return ErrorReply(code: .unknownGenre, message: error.description, field: "genres")
        case .invalidLabel:
            return ErrorReply(code: .outOfRange, message: error.description)
        case .notInVocabulary, .invalidLyricToken, .invalidLyricWindow:
            return ErrorReply(code: .invalidField, message: error.description, field: "lyrics")
        case .unknownArtistID, .unknownGenreID, .wrongGenreCount, .mismatchedLabels:
            return ErrorReply(code: .internal, message: error.description)
        }
    }

    private static func model(_ error: ModelError) -> ErrorReply {
        switch error {
        case .nonFinite:
            return ErrorReply(code: .numericError, message: "\(error); check the model's weights and the temperature")
        case .missingWeight, .weightShape, .invalidInput:
            return ErrorReply(code: .internal, message: error.description)
        }
    }

    private static func engine(_ error: EngineError) -> ErrorReply {
        switch error {
        case .unusablePrimer:
            return ErrorReply(code: .badAudio, message: error.description)
        case .memoryBudgetExceeded:
            return ErrorReply(code: .outOfRange, message: error.description, field: "takes")
        case .invalidSetting(let field, _):
            return ErrorReply(code: .invalidField, message: error.description, field: field)
        case .invalidJob, .invalidSchedule, .invalidCodes:
            return ErrorReply(code: .invalidField, message: error.description)
        case .stopped(.cancel):
            return ErrorReply(code: .cancelled, message: error.description)
        case .stopped(.shutdown):
            return ErrorReply(code: .shuttingDown, message: error.description)
        case .diskFull:
            return ErrorReply(code: .diskFull, message: error.description)
        case .unreadableCodesFile, .checkpointFailed, .bundleMismatch:
            return ErrorReply(code: .internal, message: error.description)
        }
    }
}
