import ArgumentParser
import JukeboxAudio
import JukeboxEngine
import JukeboxText
import JukeboxWeights

/// sysexits(3) codes jukeboxd's commands exit with; documented in jukeboxd(8).
enum SysExit {
    /// EX_USAGE: bad command line (ArgumentParser's validation errors use it too).
    static let usage: Int32 = 64
    /// EX_DATAERR: the input was read but is not acceptable (not audio, truncated, too long...).
    static let dataError: Int32 = 65
    /// EX_NOINPUT: an input file does not exist or cannot be read.
    static let noInput: Int32 = 66
    /// EX_UNAVAILABLE: the daemon cannot start (socket, state folder).
    static let unavailable: Int32 = 69
    /// EX_CANTCREAT: an output file cannot be written.
    static let cannotCreate: Int32 = 73
}

extension AudioError {
    /// The exit status a command ends with when this error stops it.
    var exitStatus: Int32 {
        switch self {
        case .fileNotFound: SysExit.noInput
        case .writeFailed: SysExit.cannotCreate
        default: SysExit.dataError
        }
    }
}

/// Runs `body`; an error about the user's input (audio, bundles and checkpoints, labels, a
/// job that does not fit the models) is printed as `jukeboxd: message` on stderr and becomes
/// its exit status: 64 for a setting the engine's validator refuses
/// (`EngineError.invalidSetting`), 65 for other data, 66/73 for files. Anything else
/// propagates unchanged.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as EngineError {
        printError("jukeboxd: \(error)")
        if case .invalidSetting = error { throw ExitCode(SysExit.usage) }  // a value the command line gave
        throw ExitCode(SysExit.dataError)
    } catch let error as AudioError {
        printError("jukeboxd: \(error)")
        throw ExitCode(error.exitStatus)
    } catch let error where error is BundleError || error is WeightsError || error is TextError {
        printError("jukeboxd: \(error)")
        throw ExitCode(SysExit.dataError)
    }
}
