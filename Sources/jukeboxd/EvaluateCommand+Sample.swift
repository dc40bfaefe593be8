import ArgumentParser
import Foundation
import JukeboxAudio
import JukeboxEngine
import JukeboxProtocol
import JukeboxWeights

extension EvaluateCommand {
    /// Continues the first `promptSeconds` of the recording by `seconds` through the engine's
    /// job path (`GenerationRun`, as `jukeboxd continue` and the daemon run it), with the
    /// daemon's default temperatures and hop fractions, and measures the new part at each
    /// sampled level against the real continuation.
    func sample(
        _ input: HeldOutInput, levels: [Int], pipeline: Pipeline, bundle: ModelBundle, real: [Float],
        realCodes: [[Int]]
    ) throws -> EvaluationReport.SampleFigures {
        let hp = pipeline.vqvae.hyperparameters
        let sr = Double(hp.sr)
        guard Double(real.count) / sr >= promptSeconds + seconds - 0.01 else {
            throw ValidationError(
                String(
                    format: "%@ holds %.2f s; --prompt-seconds plus --seconds need %.2f s of real music", input.path,
                    Double(real.count) / sr, promptSeconds + seconds))
        }
        guard let primer = FileManager.default.contents(atPath: input.path) else {
            throw ValidationError("cannot read \(input.path)")
        }
        let folder = try jobFolder(for: input)
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let spec = GenerationSpec(
            mode: .primed, artist: input.artist, genres: [input.genre], lyrics: "", promptSeconds: promptSeconds,
            seconds: seconds, songSeconds: nil, offsetSeconds: 0, takes: 1, seed: seed,
            temperatures: GenerationDefaults.temperatures, topK: 0, topP: nil, levels: levels,
            hopFractions: GenerationDefaults.hopFractions, format: .wav)
        let job = try GenerationRun(
            spec: spec, folder: folder, pipeline: pipeline, bundleIdentity: BundleIdentity.of(bundle.config),
            primer: [UInt8](primer))
        try job.prepare()
        let started = monotonicSeconds()
        _ = try job.run()
        let computeSeconds = monotonicSeconds() - started
        let record = job.record
        let (from, to) = (record.promptLength, record.sampleLength)
        let topHop = hp.hopLengths[hp.levels - 1]
        let top = try TokenFile.read(path: job.folder.tokens(level: hp.levels - 1))[0]
        let fresh = Array(top[(from / topHop)..<(to / topHop)])
        let realFresh = Array(
            realCodes[hp.levels - 1][(from / topHop)..<min(to / topHop, realCodes[hp.levels - 1].count)])
        let decoded = try levels.map { level -> EvaluationReport.AudioFigures in
            let audio = try AudioReader.read(path: job.folder.audio(level: level, take: 0, format: .wav))
                .mixedToMono()
            return Self.figures(Array(audio.samples[from..<min(to, audio.samples.count)]), level: level)
        }
        return .init(
            promptSeconds: Double(from) / sr, newSeconds: Double(to - from) / sr, seed: seed,
            longestRun: PriorScore.longestRun(fresh), realLongestRun: PriorScore.longestRun(realFresh),
            distinctCodes: Set(fresh).count, levels: decoded,
            real: Self.figures(Array(real[from..<min(to, real.count)]), level: nil), computeSeconds: computeSeconds)
    }

    /// Silence, flux and loudness of one stretch of audio.
    static func figures(_ samples: [Float], level: Int?) -> EvaluationReport.AudioFigures {
        .init(
            level: level, silenceShare: AudioMetrics.silenceShare(samples),
            spectralFlux: AudioMetrics.spectralFlux(samples), rmsDbfs: AudioMetrics.rmsDecibels(samples))
    }

    /// Where the sampled job lives: under --keep, or a temporary folder removed afterwards.
    private func jobFolder(for input: HeldOutInput) throws -> String {
        guard let keep else {
            return FileManager.default.temporaryDirectory
                .appendingPathComponent("jukeboxd-evaluate-\(getpid())-\(input.name)").path
        }
        try FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
        let path = keep + "/" + input.name
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        return path
    }
}
