import ArgumentParser
import JukeboxAudio
import JukeboxModel
import JukeboxTensor
import JukeboxWeights

/// `jukeboxd codec`: a recording through a bundle's VQ-VAE and back, to hear what the codes
/// of one level keep.
struct CodecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codec",
        abstract: "Encode audio to the codes of one level with a bundle's VQ-VAE and decode them back.",
        discussion: """
            The input is prepared as a job prepares its primer (mono, the model rate, cut to whole \
            top-level tokens). Level 0 keeps the most detail (8 samples per code), level 2 the least \
            (128). Long inputs are processed in pieces.
            """)

    @Option(help: "The model bundle folder.")
    var bundle: String

    @Option(help: "Level whose codes are kept: 0, 1 or 2.")
    var level: Int = 0

    @Option(name: .shortAndLong, help: "Where to write the decoded audio (WAV or FLAC by extension).")
    var output: String

    @Option(help: "Compute threads (default: all cores).")
    var threads: Int?

    @Argument(help: "The audio to pass through the VQ-VAE.")
    var input: String

    func run() throws {
        ComputeThreads.configure(threads: threads ?? ComputeThreads.onlineProcessorCount)
        var opened: ModelBundle?
        try reportingErrors { opened = try ModelBundle(path: bundle) }
        guard let opened else { return }
        let hp = opened.config.vqvae
        guard (0..<hp.levels).contains(level) else { throw ValidationError("--level must be 0...\(hp.levels - 1)") }
        let model = try VQVAE(hp, weights: WeightStore(opened.vqvae))
        try reportingErrors {
            let samples = try ModelAudio.load(input, for: hp)
            let started = monotonicSeconds()
            let piece = 5 * hp.sr  // 5 s pieces keep a 10-minute song near 1.2 GiB
            let codes = try model.encode(
                Tensor(samples, shape: [1, 1, samples.count]), levels: [level], chunkSamples: piece)[0]
            let decoded = try model.decode(codes, level: level, chunkCodes: piece / hp.hopLengths[level])
            let format: AudioFileFormat = output.lowercased().hasSuffix(".flac") ? .flac(.pcm24) : .wav(.float32)
            try AudioWriter.write(
                AudioBuffer(samples: decoded.floats(), channels: 1, sampleRateHz: hp.sr), to: output, format: format)
            let untrained = opened.config.trained ? "" : " (untrained bundle: expect noise)"
            print(
                "\(output): \(codes[0].count) level-\(level) codes -> \(samples.count) samples in "
                    + String(format: "%.2f s", monotonicSeconds() - started) + untrained)
        }
    }
}
