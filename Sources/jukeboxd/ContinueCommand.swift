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

    private func continuePrimer() throws {
        ComputeThreads.configure(threads: threads ?? ComputeThreads.onlineProcessorCount)
        let opened = try ModelBundle(path: bundle)
        let pipeline = try Pipeline(bundle: opened)
        let sr = opened.config.sampleRateHz
        let top = pipeline.vqvae.hopLengths.last!
        var samples: [Float] = []
        try reportingErrors {
            samples = try AudioReader.read(path: primer).preparedForModel(sampleRateHz: sr)
        }
        if let promptSeconds { samples = Array(samples.prefix(Int(promptSeconds * Double(sr)))) }
        samples.removeLast(samples.count % top)
        guard !samples.isEmpty else { throw ValidationError("\(primer) is shorter than one top-level token") }
        let sampleLength = (samples.count + Int(seconds * Double(sr)) + top - 1) / top * top
        let topPrior = opened.config.priors.last!
        let minimum = Int(((topPrior.minDuration ?? 0) * Double(sr)).rounded(.up))
        let song = songSeconds.map { Int($0 * Double(sr)) } ?? max(sampleLength, minimum)
        let text = try lyrics.map { try String(contentsOfFile: $0, encoding: .utf8) } ?? ""
        let labels = try pipeline.label(
            artist: artist, genre: genre, lyrics: text, totalLength: song, offset: Int(offsetSeconds * Double(sr)))
        let hops = hopFractions.split(separator: ",").compactMap { Double($0) }
        let settings = (0..<pipeline.levels).map { level in
            LevelSettings(temperature: temperature, topK: topK, topP: topP, chunkSize: level == 2 ? 16 : 32,
                          maxBatchSize: 16, hopFraction: hops[level])
        }
        let primerAudio = Tensor(Array(repeating: samples, count: takes).flatMap { $0 }, shape: [takes, 1, samples.count])
        let job = SamplingJob(
            mode: .primed(audio: primerAudio), sampleLength: sampleLength,
            labels: (0..<pipeline.levels).map { level in Array(repeating: labels[level], count: takes) }, settings: settings)
        var generator = SeededGenerator(seed: seed)
        let started = monotonicSeconds()
        let result = try pipeline.run(job, using: &generator) { report in
            if report.index + 1 == report.count || report.index % 50 == 0 {
                printError("continue: level \(report.level) window \(report.index + 1)/\(report.count)")
            }
        }
        guard let audio = result.audio[0] else { throw ValidationError("level 0 was not sampled") }
        let values = audio.floats().map { min(max($0, -1), 1) }  // clamped as the reference saves
        let length = audio.shape[2]
        let format: AudioFileFormat = output.lowercased().hasSuffix(".flac") ? .flac(.pcm24) : .wav(.float32)
        try reportingErrors {
            for take in 0..<takes {
                let path = takes == 1 ? output : Self.numbered(output, take + 1)
                try AudioWriter.write(
                    AudioBuffer(samples: Array(values[(take * length)..<((take + 1) * length)]), channels: 1, sampleRateHz: sr),
                    to: path, format: format)
                print("\(path): \(String(format: "%.2f", Double(length) / Double(sr))) s (primer \(String(format: "%.2f", Double(samples.count) / Double(sr))) s), take \(take + 1) of \(takes), seed \(seed)")
            }
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
