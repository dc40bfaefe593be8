// Port of jukebox/sample.py (ancestral_sample, primed_sample, continue_sample, upsample:
// the tokens each mode hands `_sample`) @ 08efbbc
import JukeboxModel
import JukeboxTensor
import JukeboxTerms

extension Pipeline {
    /// Seconds of audio per VQ-VAE piece when encoding and decoding.
    public static let codecPieceSeconds = 5.0

    /// The tokens every level starts from, by mode, `codes[level][take]`.
    ///
    /// - Parameters:
    ///   - mode: how the job makes music.
    ///   - takes: takes of the job.
    ///   - primer: for ``GenerationMode/primed``: (1 or takes, 1, time) float32 at the model's
    ///     rate, time a multiple of the top hop; encoded here.
    ///   - source: for ``GenerationMode/continue`` and ``GenerationMode/upsample``: tokens per
    ///     level, one row or one per take.
    ///   - levels: the levels the job samples, top first; to upsample, the levels from the first
    ///     one asked for down start empty.
    /// - Throws: ``EngineError/invalidJob(reason:)`` when the mode's input is missing or misshapen;
    ///   model errors from encoding.
    public func startingCodes(
        mode: GenerationMode, takes: Int, primer: Tensor? = nil, source: [[[Int]]]? = nil, levels sampled: [Int]
    ) throws -> [[[Int]]] {
        func perTake(_ rows: [[Int]]) throws(EngineError) -> [[Int]] {
            if rows.count == takes { return rows }
            guard rows.count == 1 else {
                throw .invalidJob(reason: "\(rows.count) rows of starting tokens for \(takes) takes")
            }
            return Array(repeating: rows[0], count: takes)
        }
        switch mode {
        case .ancestral:
            return Array(repeating: Array(repeating: [], count: takes), count: levels)
        case .primed:
            guard let primer, primer.rank == 3, primer.shape[1] == 1 else {
                throw EngineError.invalidJob(reason: "a primed job needs its primer as (takes, 1, time) audio")
            }
            let piece = Int(Self.codecPieceSeconds * Double(vqvae.hyperparameters.sr))
            let codes = try vqvae.encode(primer, levels: Array(0..<levels), chunkSamples: piece)
            return try codes.map { rows throws(EngineError) in try perTake(rows) }
        case .continue, .upsample:
            guard let source, source.count == levels else {
                throw EngineError.invalidJob(
                    reason: "a \(mode.rawValue) job needs the tokens of every level of its source")
            }
            let lowestKept = mode == .upsample ? (sampled.first ?? 0) + 1 : 0
            return try source.enumerated().map { level, rows throws(EngineError) in
                level >= lowestKept ? try perTake(rows) : Array(repeating: [], count: takes)
            }
        }
    }
}
