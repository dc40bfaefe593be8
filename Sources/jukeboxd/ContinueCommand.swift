import ArgumentParser
import Foundation
import JukeboxAudio
import JukeboxEngine
import JukeboxModel
import JukeboxProtocol
import JukeboxTensor
import JukeboxTerms
import JukeboxText
import JukeboxWeights

/// `jukeboxd continue`: a primed continuation run in this process with a bundle from disk
/// (what the daemon will run for `jukebox continue`), writing the takes.
struct ContinueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "continue",
        abstract: "Continue a primer with a bundle, in this process, and write the takes.",
        discussion: """
            Encodes the primer to VQ-VAE codes, samples the top level past it, upsamples through \
            levels 1 and 0 and decodes the last level sampled. Several takes write OUT with the take \
            number before the extension. Per-level lists are top level first, as in jukebox(1) and \
            the protocol. Settings are checked by the engine's validator, the daemon's rules: a bad \
            value exits 64. Untrained bundles (init-bundle) produce noise.
            """)

    @Argument(help: "The primer: any format libsndfile reads.")
    var primer: String

    @Option(help: "The model bundle folder.")
    var bundle: String

    @Option(help: "Artist name as in the bundle's labels.")
    var artist: String = "unknown"

    @Option(help: "Genre name(s) as in the bundle's labels.")
    var genre: String = "unknown"

    @Option(help: "A text file with the lyrics.")
    var lyrics: String?

    @Option(help: "Use only the first P seconds of the primer (default: all).")
    var promptSeconds: Double?

    @Option(help: "Seconds of new music after the primer.")
    var seconds: Double = 4

    @Option(
        help:
            "The song's full length for the timing conditioning (default: the output length, raised to the model's minimum)."
    )
    var songSeconds: Double?

    @Option(help: "Where the primer starts in the song, in seconds.")
    var offsetSeconds: Double = 0

    @Option(help: "Takes sampled together (default: \(GenerationDefaults.localTakes)).")
    var takes: Int = GenerationDefaults.localTakes

    @Option(help: "Seed of the sampling.")
    var seed: UInt64 = 0

    @Option(help: "Sampling temperature of every level (default: per level, see --temperatures).")
    var temperature: Double?

    @Option(
        help: ArgumentHelp(
            "Temperatures per level, top level first (default: \(GenerationDefaults.temperaturesText)).",
            valueName: "t2,t1,t0"))
    var temperatures: String?

    @Option(help: "Keep only the K most likely tokens (0 = off).")
    var topK: Int = GenerationDefaults.topK

    @Option(help: "Nucleus mass in (0, 1] (default: off); not with --top-k.")
    var topP: Double?

    @Option(help: ArgumentHelp("The levels to sample, top first (default: all).", valueName: "2,1,0"))
    var levels: String?

    @Option(
        help: ArgumentHelp(
            "Hop between windows as fractions of a window, top level first "
                + "(default: \(GenerationDefaults.hopFractionsText)).",
            valueName: "h2,h1,h0"))
    var hopFractions: String?

    @Option(name: .shortAndLong, help: "Where to write the audio (WAV or FLAC by extension).")
    var output: String

    @Option(help: "Compute threads (default: all cores).")
    var threads: Int?

    func run() throws {
        try reportingErrors(continuePrimer)
    }

    @Option(
        help:
            "Keep the job's folder here (tokens after every window, previews); run again with the same folder to resume."
    )
    var jobDir: String?

    private func continuePrimer() throws {
        ComputeThreads.configure(threads: threads ?? ComputeThreads.onlineProcessorCount)
        let opened = try ModelBundle(path: bundle)
        let pipeline = try Pipeline(bundle: opened)
        let identity = BundleIdentity.of(opened.config)
        let folder =
            jobDir
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("jukeboxd-continue-\(getpid())").path
        defer { if jobDir == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let job: GenerationRun
        if JobRecord.exists(in: JobFolder(folder)) {
            job = try GenerationRun.resume(folder: folder, pipeline: pipeline, bundleIdentity: identity)
            printError("continue: resuming the job in \(folder)")
        } else {
            guard let bytes = FileManager.default.contents(atPath: primer) else {
                throw ValidationError("cannot read \(primer)")
            }
            let text = try lyrics.map { try String(contentsOfFile: $0, encoding: .utf8) } ?? ""
            let count = pipeline.levels
            let spec = GenerationSpec(
                mode: .primed, artist: artist, genres: genre.split(separator: " ").map(String.init), lyrics: text,
                promptSeconds: promptSeconds, seconds: seconds, songSeconds: songSeconds, offsetSeconds: offsetSeconds,
                takes: takes, seed: seed,
                temperatures: try temperature.map { Array(repeating: $0, count: count) }
                    ?? Self.numbers(temperatures, "--temperatures") ?? GenerationDefaults.temperatures,
                topK: topK, topP: topP,
                levels: try Self.numbers(levels, "--levels").map { $0.map { Int($0) } }
                    ?? GenerationDefaults.levels(for: .primed, levelCount: count),
                hopFractions: try Self.numbers(hopFractions, "--hop-fractions") ?? GenerationDefaults.hopFractions,
                format: output.lowercased().hasSuffix(".flac") ? .flac : .wav)
            // The engine's validator: the same rules and messages as the daemon's (exit 64).
            try spec.validate(levelCount: count)
            job = try GenerationRun(
                spec: spec, folder: folder, pipeline: pipeline, bundleIdentity: identity, primer: [UInt8](bytes),
                origin: JobOrigin(
                    model: opened.config.name, bundleSHA256: BundleIdentity.configSHA256(bundlePath: bundle),
                    software: "jukeboxd \(JukeboxVersion.string)"))
            try job.prepare()
        }
        let started = monotonicSeconds()
        let outcome = try job.run { event in
            guard case .levelDone(let level, _) = event else { return }
            printError(String(format: "continue: level %d done after %.1f s", level, monotonicSeconds() - started))
        }
        let record = job.record
        let sr = Double(opened.config.sampleRateHz)
        for (take, name) in outcome.files.enumerated() {
            let path = record.spec.takes == 1 ? output : Self.numbered(output, take + 1)
            do {
                if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
                try FileManager.default.copyItem(atPath: folder + "/" + name, toPath: path)
            } catch {
                throw ValidationError("cannot write \(path): \(error.localizedDescription)")
            }
            print(
                String(
                    format: "%@: %.2f s (primer %.2f s), take %d of %d, seed %llu", path,
                    outcome.seconds, Double(record.promptLength) / sr, take + 1,
                    record.spec.takes, record.spec.seed))
        }
        printError(
            String(
                format: "continue: done in %.1f s%@", monotonicSeconds() - started,
                opened.config.trained ? "" : " (untrained bundle: expect noise)"))
    }

    /// A comma-separated list of numbers, or nil when the option is not given.
    static func numbers(_ text: String?, _ option: String) throws -> [Double]? {
        guard let text else { return nil }
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
        let values = items.compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !items.isEmpty, values.count == items.count, values.allSatisfy(\.isFinite) else {
            throw ValidationError("\(option) takes numbers separated by commas, top level first, such as 2,1,0")
        }
        return values
    }

    /// `song.wav` -> `song-2.wav`.
    static func numbered(_ path: String, _ take: Int) -> String {
        let url = URL(fileURLWithPath: path)
        let ext = url.pathExtension
        let stem = url.deletingPathExtension().path
        return ext.isEmpty ? "\(stem)-\(take)" : "\(stem)-\(take).\(ext)"
    }
}
