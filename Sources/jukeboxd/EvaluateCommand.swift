import ArgumentParser
import Foundation
import JukeboxAudio
import JukeboxEngine
import JukeboxModel
import JukeboxTensor
import JukeboxWeights

/// `jukeboxd evaluate`: a bundle judged by numbers on held-out recordings.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract:
            "Score a bundle on held-out recordings: VQ-VAE fidelity, prior bits per token, sampled continuations.",
        discussion: """
            For each recording: the VQ-VAE's SNR and multi-resolution spectral convergence per level \
            (encode at the level, decode, compare); each prior's teacher-forced bits per token on the \
            recording's codes next to the codes' unigram entropy; and, unless --no-samples, a \
            continuation of its first --prompt-seconds sampled through the same engine path as \
            `jukeboxd continue`, with the longest run of one repeated top-level code, silence share, \
            spectral flux and loudness next to the real continuation's. A recording is an audio file \
            (labels from --artist and --genre) or a JSON list of {"real", "artist", "genre", "name"}.
            """)

    @Option(help: "The model bundle folder.")
    var bundle: String

    @Option(help: "Artist label for audio-file arguments.")
    var artist: String = "unknown"

    @Option(help: "Genre label for audio-file arguments.")
    var genre: String = "unknown"

    @Option(help: "Seconds of each recording used as the primer.")
    var promptSeconds: Double = 4

    @Option(help: "Seconds of new music sampled after the primer.")
    var seconds: Double = 6

    @Option(help: "Levels to sample, top first (2,1 stops at level 1).")
    var levels: String = "2,1,0"

    @Option(help: "Seed of the sampling.")
    var seed: UInt64 = 0

    @Option(help: "Most windows per level scored for bits per token.")
    var maxWindows: Int = 4

    @Flag(help: "Skip the sampled continuations (VQ-VAE and bits per token only).")
    var noSamples = false

    @Flag(help: "Exit with status 1 when a sampled continuation fails an acceptance rule.")
    var strict = false

    @Option(help: "Also write the report as JSON here.")
    var json: String?

    @Option(help: "Keep each sampled job's folder (tokens, decoded takes) under this folder.")
    var keep: String?

    @Option(help: "Compute threads (default: all cores).")
    var threads: Int?

    @Argument(help: "Held-out recordings (audio files or JSON lists).")
    var recordings: [String]

    func validate() throws {
        guard promptSeconds > 0, seconds > 0 else {
            throw ValidationError("--prompt-seconds and --seconds must be positive")
        }
        guard maxWindows > 0 else { throw ValidationError("--max-windows must be positive") }
        guard !recordings.isEmpty else { throw ValidationError("give at least one held-out recording") }
    }

    func run() throws {
        ComputeThreads.configure(threads: threads ?? ComputeThreads.onlineProcessorCount)
        try reportingErrors(evaluate)
    }

    private func evaluate() throws {
        let opened = try ModelBundle(path: bundle)
        let pipeline = try Pipeline(bundle: opened)
        let sampled = try EncodeCommand.parseLevels(levels, count: pipeline.levels)
        let inputs = try recordings.flatMap { try HeldOutInput.parse($0, artist: artist, genre: genre) }
        var items: [EvaluationReport.Item] = []
        for input in inputs {
            printError("evaluate: \(input.name) (\(input.artist), \(input.genre))")
            var (item, samples, codes) = try measure(input, pipeline: pipeline)
            if !noSamples {
                item.sample = try sample(
                    input, levels: sampled, pipeline: pipeline, bundle: opened, real: samples, realCodes: codes)
            }
            items.append(item)
        }
        let report = EvaluationReport(
            bundle: opened.config.name, trained: opened.config.trained, sampleRate: opened.config.sampleRateHz,
            items: items, checks: items.flatMap(EvaluationReport.checks(for:)))
        print(EvaluationTable.render(report))
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.nonConformingFloatEncodingStrategy = .convertToString(
                positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            guard FileManager.default.createFile(atPath: json, contents: try encoder.encode(report)) else {
                throw ValidationError("cannot write \(json)")
            }
        }
        if strict, report.checks.contains(where: { !$0.passed }) { throw ExitCode(1) }
    }

    /// VQ-VAE fidelity and prior bits per token on one recording, with its prepared samples and codes.
    private func measure(_ input: HeldOutInput, pipeline: Pipeline) throws
        -> (item: EvaluationReport.Item, samples: [Float], codes: [[Int]])
    {
        let hp = pipeline.vqvae.hyperparameters
        let samples = try ModelAudio.load(input.path, for: hp)
        let audio = Tensor(samples, shape: [1, 1, samples.count])
        let codes = try pipeline.vqvae.encode(audio, levels: Array(0..<hp.levels), chunkSamples: 5 * hp.sr).map {
            $0[0]
        }
        let reference = AudioMetrics.SpectralReference(samples)
        let codec = try (0..<hp.levels).map { level -> EvaluationReport.CodecFigures in
            let decoded = try pipeline.vqvae.decode(
                [codes[level]], level: level, chunkCodes: 5 * hp.sr / hp.hopLengths[level]
            )
            .floats()
            return .init(
                level: level, snrDb: AudioMetrics.snrDecibels(reference: samples, estimate: decoded),
                spectralConvergence: reference.convergence(of: decoded),
                codesUsed: Set(codes[level]).count)
        }
        let priors = try (0..<hp.levels).compactMap { level in
            try PriorScore.score(
                pipeline: pipeline, level: level, codes: codes, artist: input.artist, genre: input.genre,
                totalLength: max(samples.count, pipeline.minimumSongLength), maxWindows: maxWindows)
        }
        let item = EvaluationReport.Item(
            name: input.name, artist: input.artist, genre: input.genre, seconds: Double(samples.count) / Double(hp.sr),
            codec: codec, priors: priors, sample: nil)
        return (item, samples, codes)
    }
}
