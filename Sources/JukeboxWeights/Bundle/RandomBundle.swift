import Foundation
import JukeboxTensor

/// Writes a complete bundle with deterministic random weights: the tiny test bundle, or any
/// layout (the official shapes for benchmarks).
public enum RandomBundle {
    /// Writes `config`, `labels` and random weights for every model to `output` (which must
    /// not exist), through a `.partial` folder renamed once the bundle opens.
    /// - Parameters:
    ///   - seed: the same seed gives byte-identical weights.
    ///   - halfMatrices: store the priors' Conv1D matrices in this 16-bit type (as the
    ///     official 5b tops do), or keep everything float32 when `nil`.
    /// - Throws: `BundleError` (invalid configuration, existing output), `WeightsError`.
    public static func write(
        config: BundleConfig, labels: BundleLabels, to output: String, seed: UInt64, halfMatrices: DType? = nil
    ) throws {
        let fileManager = FileManager.default
        guard !fileManager.fileExists(atPath: output) else { throw BundleError.outputExists(path: output) }
        try config.validate()
        try labels.validate(for: config)
        let partial = output + ".partial"
        try? fileManager.removeItem(atPath: partial)
        try fileManager.createDirectory(atPath: partial, withIntermediateDirectories: true)
        do {
            func file(_ name: String) -> String { (partial as NSString).appendingPathComponent(name) }
            try RandomWeights.write(
                CheckpointSchema.vqvae(config.vqvae), to: file(BundleConfig.FileName.vqvae), seed: seed)
            for prior in config.priors {
                try RandomWeights.write(
                    try CheckpointSchema.prior(prior, vqvae: config.vqvae),
                    to: file(BundleConfig.FileName.prior(level: prior.level)), seed: seed &+ UInt64(prior.level + 1),
                    halfMatrices: halfMatrices)
            }
            try BundleConverter.writeJSON(config, to: file(BundleConfig.FileName.config))
            try BundleConverter.writeJSON(labels, to: file(BundleConfig.FileName.labels))
            _ = try ModelBundle(path: partial)
            try fileManager.moveItem(atPath: partial, toPath: output)
        } catch {
            try? fileManager.removeItem(atPath: partial)
            throw error
        }
    }
}
