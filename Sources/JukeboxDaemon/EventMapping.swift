import JukeboxEngine
import JukeboxProtocol

/// The engine's job types in the protocol's terms: the one place they are translated.
enum EventMapping {
    /// A progress report as the wire's `progress` event.
    static func progress(_ progress: GenerationProgress, job: JobID) -> ProgressEvent {
        ProgressEvent(
            job: job, stage: stage(progress.stage), level: progress.level, window: progress.window,
            windows: progress.windows, completed: progress.completed, total: progress.total,
            tokensPerS: progress.tokensPerSecond, etaS: progress.etaSeconds)
    }

    /// An engine stage as the wire's stage.
    static func stage(_ stage: GenerationStage) -> JobStage {
        switch stage {
        case .encode: return .encode
        case .sample: return .sample
        case .decode: return .decode
        case .write: return .write
        }
    }

    /// The wire's mode as the engine's.
    static func mode(_ mode: GenerationMode) -> GenerationSpec.Mode {
        switch mode {
        case .ancestral: return .ancestral
        case .primed: return .primed
        case .continue: return .continue
        case .upsample: return .upsample
        }
    }

    /// The engine's mode as the wire's.
    static func mode(_ mode: GenerationSpec.Mode) -> GenerationMode {
        switch mode {
        case .ancestral: return .ancestral
        case .primed: return .primed
        case .continue: return .continue
        case .upsample: return .upsample
        }
    }

    /// The wire's audio container as the engine's.
    static func format(_ format: AudioFormat) -> GenerationSpec.OutputFormat {
        switch format {
        case .wav: return .wav
        case .flac: return .flac
        }
    }

    /// The engine's audio container as the wire's.
    static func format(_ format: GenerationSpec.OutputFormat) -> AudioFormat {
        switch format {
        case .wav: return .wav
        case .flac: return .flac
        }
    }

    /// The engine's spec for a submit request.
    /// - Parameters:
    ///   - submit: The request.
    ///   - seed: The request's seed or one the daemon drew.
    ///   - source: The earlier job's folder and take, for `continue` and `upsample`.
    static func spec(_ submit: SubmitRequest, seed: UInt64, source: SourceTake?) -> GenerationSpec {
        GenerationSpec(
            mode: mode(submit.mode), artist: submit.artist ?? "unknown", genres: submit.genres, lyrics: submit.lyrics,
            promptSeconds: submit.promptSeconds, seconds: submit.seconds, songSeconds: submit.songSeconds,
            offsetSeconds: submit.offsetSeconds, takes: submit.takes, seed: seed, temperatures: submit.temperatures,
            topK: submit.topK, topP: submit.topP, levels: submit.levels, hopFractions: submit.hopFractions,
            format: format(submit.format), source: source)
    }
}
