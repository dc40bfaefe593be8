import ArgumentParser
import JukeboxAudio

/// `jukeboxd prepare-primer`: step 1 of a primed job, on its own.
///
/// Decodes any audio file, mixes it to mono, resamples it to the model rate and cuts it to a
/// whole number of top-level tokens, exactly as a job prepares its primer, and writes what
/// the model will hear.
struct PreparePrimer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare-primer",
        abstract: "Decode, mix to mono, resample and cut a primer the way a job does; write the result.")

    @Argument(help: "The primer: any format libsndfile reads (WAV, AIFF, FLAC, Ogg, Opus, MP3).")
    var primer: String

    @Option(name: .shortAndLong, help: "Where to write the prepared primer (WAV or FLAC by extension).")
    var output: String

    @Option(help: "Use only the first SECONDS of the primer (default: all of it).")
    var promptSeconds: Double?

    @Option(help: "Model sample rate in Hz.")
    var sampleRate: Int = 44_100

    @Option(help: "Samples per top-level token; the primer is cut to a multiple of it.")
    var topHop: Int = 128

    @Option(help: "Resampler: \(Resampler.Converter.allCases.map(\.rawValue).joined(separator: ", ")).")
    var converter: String = Resampler.Converter.sincBest.rawValue

    @Option(help: "Refuse primers longer than this many seconds (checked from the header).")
    var maxSeconds: Double = 3600

    func validate() throws {
        guard Resampler.Converter(rawValue: converter) != nil else {
            throw ValidationError("unknown converter '\(converter)'")
        }
        if let promptSeconds, promptSeconds <= 0 {
            throw ValidationError("--prompt-seconds must be positive")
        }
        guard sampleRate > 0, topHop > 0 else { throw ValidationError("--sample-rate and --top-hop must be positive") }
    }

    func run() throws {
        try reportingErrors(prepare)
    }

    private func prepare() throws {
        let decoded = try AudioReader.read(path: primer, limits: AudioLimits(maxDurationSeconds: maxSeconds))
        var samples = try decoded.preparedForModel(
            sampleRateHz: sampleRate, converter: Resampler.Converter(rawValue: converter)!)
        if let promptSeconds {
            samples = Array(samples.prefix(Int(promptSeconds * Double(sampleRate))))
        }
        let kept = samples.count / topHop * topHop
        guard kept > 0 else {
            throw ValidationError(
                "\(primer) is shorter than one top-level token (\(topHop) samples at \(sampleRate) Hz)")
        }
        samples.removeLast(samples.count - kept)
        let format: AudioFileFormat = output.lowercased().hasSuffix(".flac") ? .flac(.pcm24) : .wav(.float32)
        try AudioWriter.write(
            AudioBuffer(samples: samples, channels: 1, sampleRateHz: sampleRate), to: output, format: format)
        print(
            "\(output): \(kept) samples (\(kept / topHop) top-level tokens, \(Double(kept) / Double(sampleRate)) s) "
                + "from \(decoded.channels) ch at \(decoded.sampleRateHz) Hz, \(format)")
    }
}
