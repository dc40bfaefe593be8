import JukeboxWeights

/// The mapped weight files of a pipeline's models, so that a job keeps resident only the model
/// it is using: a job samples one level at a time and decodes between levels, and when a phase
/// is over its model's pages leave this process's resident memory (`madvise(MADV_DONTNEED)`).
/// The kernel's page cache keeps the file's pages while memory allows, so touching them again
/// maps them back without reading the disk; under memory pressure they are dropped and read
/// again. The mappings are read-only, so another thread still reading a released model only
/// maps its pages back in.
public struct WeightFiles: Sendable {
    /// The VQ-VAE's file; `nil` for models built in memory.
    let codec: MappedFile?
    /// `priors[level]`'s file; `nil` for models built in memory.
    let priors: [MappedFile?]

    /// The files of a loaded bundle.
    public init(bundle: ModelBundle) {
        codec = bundle.vqvae.file
        priors = bundle.priors.map(\.file)
    }

    /// No files (models built in memory): nothing to release, and zero bytes.
    public init(levels: Int) {
        codec = nil
        priors = Array(repeating: nil, count: levels)
    }

    /// Bytes of the VQ-VAE's file.
    public var codecBytes: Int { codec?.count ?? 0 }

    /// Bytes of the file of the prior at `level`.
    public func priorBytes(level: Int) -> Int { priors[level]?.count ?? 0 }

    /// Drops the VQ-VAE's pages from this process's resident memory.
    public func releaseCodec() { codec.map(Self.releaseAll) }

    /// Drops the pages of the prior at `level` from this process's resident memory.
    public func releasePrior(level: Int) { priors[level].map(Self.releaseAll) }

    private static func releaseAll(_ file: MappedFile) { file.release(0..<file.count) }
}
