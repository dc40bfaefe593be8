import Foundation
import JukeboxTensor

/// Turns official Jukebox checkpoints (or models trained with the reference code) into a
/// model bundle, streaming one tensor at a time so memory stays bounded whatever the file size.
public struct BundleConverter: Sendable {
    /// Where the hyper-parameters come from.
    public enum HyperparameterSource: Sendable, Equatable {
        /// One of the official bundles: nothing to write by hand.
        case preset(ModelPreset)
        /// A JSON file under the reference's names: `{"vqvae": {...}, "prior_level_0": {...},
        /// "prior_level_1": {...}, "prior_level_2": {...}}`, each a (possibly complete) `hps`.
        case file(String)
        /// Each checkpoint's own stored `hps`.
        case checkpoints
    }

    /// How far a conversion has got (reported after every tensor).
    public struct Progress: Sendable, Equatable {
        /// The model being written.
        public var role: ConversionInput.Role
        /// Tensors of that model written so far, and in all.
        public var tensorsDone: Int
        public var tensorsTotal: Int
        /// Bytes written so far over all inputs, and the total to write.
        public var bytesDone: Int
        public var bytesTotal: Int
    }

    public var inputs: [ConversionInput]
    public var hyperparameters: HyperparameterSource
    /// Folder with the reference's `v2_artist_ids.txt`, `v2_genre_ids.txt`, `v3_artist_ids.txt`,
    /// `v3_genre_ids.txt` (those the priors' label versions need).
    public var labelsDirectory: String
    /// The priors' weight type (and the VQ-VAE's unless ``vqvaeDType`` says otherwise); see
    /// ``defaultDType(for:)`` for the default.
    public var dtype: WeightDTypeChoice
    /// The VQ-VAE's weight type when it differs from ``dtype`` (a 16-bit VQ-VAE can change
    /// codes, so small trained bundles keep it float32 while their priors are 16-bit).
    public var vqvaeDType: WeightDTypeChoice?
    /// The bundle's name; defaults to the preset's name, else the output folder's name.
    public var name: String?
    /// Whether the weights are trained (false for random test bundles).
    public var trained: Bool = true
    /// One line saying what the model is (`jukebox models` shows it); nil gives a default that
    /// says the bundle was converted from reference checkpoints (or is untrained).
    public var summary: String?

    public init(
        inputs: [ConversionInput], hyperparameters: HyperparameterSource, labelsDirectory: String,
        dtype: WeightDTypeChoice? = nil, name: String? = nil
    ) {
        self.inputs = inputs
        self.hyperparameters = hyperparameters
        self.labelsDirectory = labelsDirectory
        self.dtype = dtype ?? Self.defaultDType(for: hyperparameters)
        self.name = name
    }

    /// The weight type written when none is chosen: ``WeightDTypeChoice/bf16Matrices`` for the
    /// official bundles (16-bit priors, float32 VQ-VAE: about half the bytes a window reads,
    /// fidelity measured by `jukeboxd verify --weights bf16-matrices`), ``WeightDTypeChoice/keep``
    /// for any other source (so small and golden conversions stay exact).
    public static func defaultDType(for source: HyperparameterSource) -> WeightDTypeChoice {
        if case .preset = source { return .bf16Matrices }
        return .keep
    }

    /// The weight type written for the file of `role`.
    func choice(for role: ConversionInput.Role) -> WeightDTypeChoice {
        role == .vqvae ? vqvaeDType ?? dtype : dtype
    }

    /// Writes the bundle to `output` (which must not exist): everything goes to a sibling
    /// `.partial` folder first and is renamed into place only when complete and verified by
    /// opening it.
    /// - Returns: the configuration written.
    /// - Throws: `BundleError`, `WeightsError`, or file-system errors; nothing is left at
    ///   `output` on failure.
    @discardableResult
    public func convert(to output: String, progress: (Progress) -> Void = { _ in }) throws -> BundleConfig {
        let fileManager = FileManager.default
        guard !fileManager.fileExists(atPath: output) else { throw BundleError.outputExists(path: output) }
        let roles = inputs.map(\.role)
        let needed: [ConversionInput.Role] = [.vqvae, .prior(level: 0), .prior(level: 1), .prior(level: 2)]
        for role in needed where !roles.contains(role) {
            throw BundleError.unrecognisedInput(
                path: "\(role).pth.tar", reason: "a bundle needs this file; it was not given")
        }
        for role in Set(roles) where roles.filter({ $0 == role }).count > 1 {
            throw BundleError.unrecognisedInput(path: "\(role)", reason: "given more than once")
        }

        let checkpoints = try Dictionary(
            uniqueKeysWithValues: inputs.map { ($0.role, try TorchCheckpoint(path: $0.path)) })
        let (vqvae, priors) = try resolveHyperparameters(checkpoints)
        let outputName = URL(fileURLWithPath: output).lastPathComponent
        var config = BundleConfig(
            name: name ?? presetName ?? outputName,
            summary: summary
                ?? (trained
                    ? "Jukebox \(presetName ?? "model") converted from the reference checkpoints"
                    : "untrained random weights: sounds like noise"),
            trained: trained, vqvae: vqvae, priors: priors, sources: [], createdBy: "jukeboxd")
        try config.validate()
        let labels = try readLabels(for: config)
        try labels.validate(for: config)

        // Check every checkpoint against its schema before writing anything.
        var plans: [(ConversionInput, TorchCheckpoint, [ExpectedTensor])] = []
        for input in inputs.sorted(by: { $0.role.description < $1.role.description }) {
            let checkpoint = checkpoints[input.role]!
            let schema: [ExpectedTensor]
            switch input.role {
            case .vqvae: schema = CheckpointSchema.vqvae(vqvae)
            case .prior(let level): schema = try CheckpointSchema.prior(priors[level], vqvae: vqvae)
            }
            try Self.check(checkpoint, against: schema, file: input.path)
            plans.append((input, checkpoint, schema))
        }

        let partial = output + ".partial"
        try? fileManager.removeItem(atPath: partial)
        try fileManager.createDirectory(atPath: partial, withIntermediateDirectories: true)
        do {
            let bytesTotal = plans.map { plan in
                plan.2.reduce(0) { sum, tensor in
                    let stored = plan.1.entry(named: tensor.name)!.reference.dtype
                    let target = choice(for: plan.0.role).target(
                        for: stored, tensor: tensor.name, fp16Params: fp16Params(plan.0.role, priors))
                    return sum + tensor.shape.reduce(1, *) * target.byteSize
                }
            }.reduce(0, +)
            var bytesDone = 0
            var previous: ByteRegion?
            for (input, checkpoint, schema) in plans {
                let dtype = choice(for: input.role)
                let fp16 = fp16Params(input.role, priors)
                func target(_ tensor: ExpectedTensor) -> DType {
                    let stored = checkpoint.entry(named: tensor.name)!.reference.dtype
                    return dtype.target(for: stored, tensor: tensor.name, fp16Params: fp16)
                }
                let file =
                    input.role == .vqvae
                    ? BundleConfig.FileName.vqvae : BundleConfig.FileName.prior(level: levelOf(input.role))
                // Widest types first: with the header padded to 8 bytes every tensor then starts
                // at a multiple of its element size, so loaders can use it in place.
                let schema = schema.enumerated().sorted { a, b in
                    let (wa, wb) = (target(a.element).byteSize, target(b.element).byteSize)
                    return wa != wb ? wa > wb : a.offset < b.offset
                }.map(\.element)
                let descriptors = schema.map { tensor in
                    SafeTensorsWriter.Descriptor(name: tensor.name, dtype: target(tensor), shape: tensor.shape)
                }
                try SafeTensorsWriter.write(
                    to: (partial as NSString).appendingPathComponent(file), descriptors: descriptors,
                    metadata: ["format": "pt", "source": URL(fileURLWithPath: input.path).lastPathComponent]
                ) { index in
                    // The previous tensor is on disk now: let its source pages go.
                    previous?.releaseMappedPages()
                    let tensor = try checkpoint.tensor(named: schema[index].name)
                    previous = tensor.bytes
                    let converted = try WeightDTypeChoice.convert(
                        tensor.bytes, count: tensor.elementCount, from: tensor.dtype, to: descriptors[index].dtype,
                        tensor: tensor.name)
                    bytesDone += converted.count
                    progress(
                        Progress(
                            role: input.role, tensorsDone: index + 1, tensorsTotal: schema.count,
                            bytesDone: bytesDone, bytesTotal: bytesTotal))
                    return converted
                }
                previous?.releaseMappedPages()
                previous = nil
                config.sources.append(try Self.describeSource(input.path))
            }
            try Self.writeJSON(config, to: (partial as NSString).appendingPathComponent(BundleConfig.FileName.config))
            try Self.writeJSON(labels, to: (partial as NSString).appendingPathComponent(BundleConfig.FileName.labels))
            _ = try ModelBundle(path: partial)
            try fileManager.moveItem(atPath: partial, toPath: output)
        } catch {
            try? fileManager.removeItem(atPath: partial)
            throw error
        }
        return config
    }

    private var presetName: String? {
        if case .preset(let preset) = hyperparameters { return preset.rawValue }
        return nil
    }

    /// Whether the prior of `role` holds its Conv1D matrices in float16 (`fp16_params`).
    private func fp16Params(_ role: ConversionInput.Role, _ priors: [PriorHyperparameters]) -> Bool {
        if case .prior(let level) = role { return priors[level].fp16Params }
        return false
    }

    private func levelOf(_ role: ConversionInput.Role) -> Int {
        if case .prior(let level) = role { return level }
        return -1
    }
}
