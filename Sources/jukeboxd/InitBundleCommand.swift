import ArgumentParser
import JukeboxTensor
import JukeboxWeights

/// `jukeboxd init-bundle`: a bundle of deterministic random weights.
struct InitBundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init-bundle",
        abstract: "Write a model bundle of deterministic random weights (untrained: it sounds like noise).",
        discussion: """
            --preset tiny makes the small bundle the tests use. The official \
            presets (5b, 5b_lyrics, 1b_lyrics) make bundles of the official shapes, with made-up \
            artist and genre names, for benchmarks; they take several gigabytes.
            """)

    @Option(help: "tiny, 5b, 5b_lyrics or 1b_lyrics.")
    var preset: String = TinyBundle.name

    @Option(help: "Seed of the weights: the same seed gives the same bytes.")
    var seed: UInt64 = 0

    @Option(
        help:
            "Store the priors' Conv1D matrices as f16 or bf16 (default: f32, or f16 where the preset's fp16_params says so)."
    )
    var half: String?

    @Option(name: .long, help: "The bundle folder to create (must not exist).")
    var out: String

    func run() throws {
        let config: BundleConfig
        let labels: BundleLabels
        if preset == TinyBundle.name {
            config = TinyBundle.config(createdBy: "jukeboxd init-bundle")
            labels = TinyBundle.labels
        } else {
            var named: ModelPreset?
            try reportingErrors { named = try ModelPreset.named(preset) }
            guard let official = named else { return }
            config = BundleConfig(
                name: official.rawValue + "-random",
                summary: "untrained random weights of the official \(official.rawValue) shapes",
                trained: false, vqvae: official.vqvae, priors: official.priors, sources: [],
                createdBy: "jukeboxd init-bundle")
            labels = Self.madeUpLabels(for: config)
        }
        let halfType: DType?
        switch half {
        case nil: halfType = config.priors.contains(where: \.fp16Params) ? .float16 : nil
        case "f16": halfType = .float16
        case "bf16": halfType = .bfloat16
        default: throw ValidationError("--half must be f16 or bf16")
        }
        try reportingErrors {
            try RandomBundle.write(config: config, labels: labels, to: out, seed: seed, halfMatrices: halfType)
        }
        print("\(out): bundle '\(config.name)' (untrained, seed \(seed))")
    }

    /// Label tables with as many rows as the priors' embedding tables: `artist_N`, `genre_N`.
    static func madeUpLabels(for config: BundleConfig) -> BundleLabels {
        BundleLabels(
            sets: config.labelVersions.sorted().map { version in
                let prior = config.priors.first { $0.labels && $0.labelVersion == version }!
                return LabelSet(
                    version: version,
                    artists: (0..<prior.yBins[1]).map {
                        LabelSet.Entry(name: $0 == 0 ? "unknown" : "artist_\($0)", id: $0)
                    },
                    genres: (0..<prior.yBins[0]).map {
                        LabelSet.Entry(name: $0 == 0 ? "unknown" : "genre_\($0)", id: $0)
                    },
                    lyricVocabulary: version == 3 ? LabelSet.v3Vocabulary : LabelSet.v2Vocabulary)
            })
    }
}
