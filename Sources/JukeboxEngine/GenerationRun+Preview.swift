import Foundation
import JukeboxAudio
import JukeboxModel

extension GenerationRun {
    /// Decodes every take's top-level tokens so far and writes each as the take's preview
    /// (`preview-take-K.wav`, replaced atomically), emitting ``GenerationEvent/preview(take:seconds:file:)``
    /// for each. Called after every top-level window, so a songwriter hears the takes while
    /// they grow; the top level's hop is the largest, so this decode is the cheapest of any.
    /// - Parameters:
    ///   - codes: the top level's tokens, one row per sampled take. // (takes, tokens)
    ///   - takes: the take (from 0) of each row.
    /// - Throws: `ModelError.nonFinite` for audio that is not finite; file errors.
    func writePreviews(codes: [[Int]], takes: [Int], _ emit: (GenerationEvent) -> Void) throws {
        let level = pipeline.levels - 1
        let spec = record.spec
        let sr = pipeline.vqvae.hyperparameters.sr
        let piece = max(1, Int(Pipeline.codecPieceSeconds * Double(sr)) / pipeline.vqvae.hopLengths[level])
        let format: AudioFileFormat = spec.format == .flac ? .flac(.pcm16) : .wav(.pcm16)
        let started = ContinuousClock.now
        defer {
            pipeline.weightFiles.releaseCodec()  // sampling goes on with the prior only
            previewTime.withLock { $0 += ContinuousClock.now - started }
        }
        for (row, take) in takes.enumerated() where !codes[row].isEmpty {
            let audio = try pipeline.vqvae.decode([codes[row]], level: level, chunkCodes: piece)  // (1, 1, time)
            let decoded = audio.floats()
            guard decoded.allSatisfy(\.isFinite) else {
                throw ModelError.nonFinite(detail: "the preview decoded from level \(level), take \(take + 1)")
            }
            let bytes = try AudioWriter.encode(
                AudioBuffer(samples: decoded.map { min(max($0, -1), 1) }, channels: 1, sampleRateHz: sr),
                format: format)
            try AtomicFile.write(bytes, to: folder.preview(take: take, format: spec.format))
            emit(
                .preview(
                    take: take, seconds: Double(decoded.count) / Double(sr),
                    file: JobFolder.previewName(take: take, format: spec.format)))
        }
    }
}
