import ArgumentParser
import JukeboxWeights

#if canImport(Glibc)
    import Glibc
#endif

/// `jukeboxd convert`: official checkpoints to a model bundle.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert Jukebox checkpoints (.pth.tar) into a model bundle, without Python.",
        discussion: """
            Give the four files of a bundle: vqvae.pth.tar and prior_level_0/1/2.pth.tar (name them \
            so, or write ROLE=PATH). Hyper-parameters come from --preset (5b, 5b_lyrics, 1b_lyrics), \
            from --hparams (a JSON file with the reference's names), or else from the checkpoints' \
            own stored hps. The artist/genre id files come from --labels. With --preset the \
            priors' Conv1D matrices are written in 16 bits unless --dtype says otherwise \
            (bf16-matrices: bfloat16, float16 where the model holds them so; everything else and \
            the VQ-VAE as stored); give --dtype keep or f32 for float32 priors. See jukeboxd-bundle(5).
            """)

    @Option(name: .long, help: "The bundle folder to create (must not exist).")
    var out: String

    @Option(help: "Official hyper-parameters: \(ModelPreset.allCases.map(\.rawValue).joined(separator: ", ")).")
    var preset: String?

    @Option(help: "JSON file: {\"vqvae\": {...}, \"prior_level_0\": {...}, ...} under the reference's names.")
    var hparams: String?

    @Option(help: "Folder with v2_artist_ids.txt, v2_genre_ids.txt (and the v3 pair for 1b_lyrics).")
    var labels: String = "."

    @Option(
        help: """
            Weight type written: keep, f32, f16, bf16 or bf16-matrices (default: bf16-matrices with \
            --preset, the priors' Conv1D matrices in 16 bits; keep otherwise).
            """)
    var dtype: String?

    @Option(help: "The VQ-VAE's weight type, when it differs from --dtype (e.g. keep with --dtype f16).")
    var vqvaeDtype: String?

    @Option(help: "The bundle's name (default: the preset's, else the folder's).")
    var name: String?

    @Option(help: "One line saying what the model is (default: converted from the reference checkpoints).")
    var summary: String?

    @Flag(help: "Mark the bundle as untrained (random weights that sound like noise).")
    var untrained = false

    @Argument(help: "The checkpoints: vqvae.pth.tar prior_level_0.pth.tar prior_level_1.pth.tar prior_level_2.pth.tar.")
    var files: [String]

    func validate() throws {
        if let dtype, WeightDTypeChoice(rawValue: dtype) == nil {
            throw ValidationError("unknown --dtype '\(dtype)'")
        }
        if let vqvaeDtype, WeightDTypeChoice(rawValue: vqvaeDtype) == nil {
            throw ValidationError("unknown --vqvae-dtype '\(vqvaeDtype)'")
        }
        guard preset == nil || hparams == nil else { throw ValidationError("give --preset or --hparams, not both") }
        if let summary, summary.isEmpty || summary.contains(where: \.isNewline) || summary.utf8.count > 200 {
            throw ValidationError("--summary must be one line of at most 200 bytes")
        }
    }

    func run() throws {
        try reportingErrors {
            let source: BundleConverter.HyperparameterSource
            if let preset {
                source = .preset(try ModelPreset.named(preset))
            } else if let hparams {
                source = .file(hparams)
            } else {
                source = .checkpoints
            }
            var converter = BundleConverter(
                inputs: try files.map { argument throws(BundleError) in try ConversionInput.parse(argument) },
                hyperparameters: source, labelsDirectory: labels,
                dtype: dtype.flatMap(WeightDTypeChoice.init(rawValue:)), name: name
            )
            converter.trained = !untrained
            converter.summary = summary
            converter.vqvaeDType = vqvaeDtype.flatMap(WeightDTypeChoice.init(rawValue:))
            let started = monotonicSeconds()
            var lastPercent = -1
            let config = try converter.convert(to: out) { progress in
                let percent = progress.bytesTotal > 0 ? progress.bytesDone * 100 / progress.bytesTotal : 100
                if percent != lastPercent {
                    lastPercent = percent
                    printError(
                        "convert: \(percent)% \(progress.role) tensor \(progress.tensorsDone)/\(progress.tensorsTotal)")
                }
            }
            let seconds = monotonicSeconds() - started
            print(
                "\(out): bundle '\(config.name)' written in \(String(format: "%.1f", seconds)) s from \(config.sources.count) files"
            )
        }
    }
}

/// Seconds on the monotonic clock.
func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
