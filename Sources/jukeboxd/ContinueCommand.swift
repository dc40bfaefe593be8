import ArgumentParser
import Foundation
import JukeboxAudio
import JukeboxEngine
import JukeboxModel
import JukeboxTensor
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
            levels 1 and 0 and decodes level 0. Several takes write OUT with the take number before \
            the extension. Untrained bundles (init-bundle) produce noise.
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

    @Option(help: "The song's full length for the timing conditioning (default: the output length, raised to the model's minimum).")
    var songSeconds: Double?

    @Option(help: "Where the primer starts in the song, in seconds.")
    var offsetSeconds: Double = 0

    @Option(help: "Takes sampled together.")
    var takes: Int = 1

    @Option(help: "Seed of the sampling.")
    var seed: UInt64 = 0

    @Option(help: "Sampling temperature of every level.")
    var temperature: Float = 0.99

    @Option(help: "Keep only the K most likely tokens (0 = off).")
    var topK: Int = 0

    @Option(help: "Nucleus mass (0 = off).")
    var topP: Float = 0

    @Option(help: "Hop between windows as fractions of a window, levels 0,1,2.")
    var hopFractions: String = "0.5,0.5,0.125"

    @Option(name: .shortAndLong, help: "Where to write the audio (WAV or FLAC by extension).")
    var output: String

    @Option(help: "Compute threads (default: all cores).")
    var threads: Int?

    func validate() throws {
        guard seconds > 0, seconds <= 1200 else { throw ValidationError("--seconds must be in (0, 1200]") }
        guard (1...16).contains(takes) else { throw ValidationError("--takes must be 1...16") }
        guard temperature > 0 else { throw ValidationError("--temperature must be positive") }
        guard hopFractions.split(separator: ",").compactMap({ Double($0) }).count == 3 else {
            throw ValidationError("--hop-fractions needs three numbers, levels 0,1,2")
        }
    }

    func run() throws {
        try reportingErrors(continuePrimer)
    }

    @Option(help: "Keep the job's folder here (tokens after every window, previews); run again with the same folder to resume.")
    var jobDir: String?

    private func continuePrimer() throws {
        ComputeThreads.configure(threads: threads ?? ComputeThreads.onlineProcessorCount)
        let opened = try ModelBundle(path: bundle)
        let pipeline = try Pipeline(bundle: opened)
        let identity = BundleIdentity.of(opened.config)
        let folder = jobDir ?? FileManager.default.temporaryDirectory.appendingPathComponent("jukeboxd-continue-\(getpid())").path
        defer { if jobDir == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let job: GenerationRun
        if FileManager.default.fileExists(atPath: JobFolder(folder).spec) {
            job = try GenerationRun.resume(folder: folder, pipeline: pipeline, bundleIdentity: identity)
            printError("continue: resuming the job in \(folder)")
        } else {
            guard let bytes = FileManager.default.contents(atPath: primer) else {
                throw ValidationError("cannot read \(primer)")
            }
            let text = try lyrics.map { try String(contentsOfFile: $0, encoding: .utf8) } ?? ""
            let hops = hopFractions.split(separator: ",").compactMap { Double($0) }
            let spec = GenerationSpec(
                mode: .primed, artist: artist, genres: genre.split(separator: " ").map(String.init), lyrics: text,
                promptSeconds: promptSeconds, seconds: seconds, songSeconds: songSeconds, offsetSeconds: offsetSeconds,
                takes: takes, seed: seed, temperatures: Array(repeating: Double(temperature), count: 3), topK: topK,
                topP: topP > 0 ? Double(topP) : nil, levels: [2, 1, 0], hopFractions: hops.reversed(),
                format: output.lowercased().hasSuffix(".flac") ? .flac : .wav)
            job = try GenerationRun(
                spec: spec, folder: folder, pipeline: pipeline, bundleIdentity: identity, primer: [UInt8](bytes))
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
            print(String(format: "%@: %.2f s (primer %.2f s), take %d of %d, seed %llu", path,
                         Double(record.sampleLength) / sr, Double(record.promptLength) / sr, take + 1,
                         record.spec.takes, record.spec.seed))
        }
        printError(String(format: "continue: done in %.1f s%@", monotonicSeconds() - started,
                          opened.config.trained ? "" : " (untrained bundle: expect noise)"))
    }

    /// `song.wav` -> `song-2.wav`.
    static func numbered(_ path: String, _ take: Int) -> String {
        let url = URL(fileURLWithPath: path)
        let ext = url.pathExtension
        let stem = url.deletingPathExtension().path
        return ext.isEmpty ? "\(stem)-\(take)" : "\(stem)-\(take).\(ext)"
    }
}
