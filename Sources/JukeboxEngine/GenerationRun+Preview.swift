import Foundation
import JukeboxAudio
import JukeboxModel

extension GenerationRun {
    /// Decodes every take's top-level tokens so far and writes each as the take's preview
    /// (`preview-take-K.wav`, replaced atomically), emitting ``GenerationEvent/preview(take:seconds:file:)``
    /// for each. Called after every top-level window, so a songwriter hears the takes while
    /// they grow.
    ///
    /// Only the end is decoded: tokens only grow, so the samples of the previous preview more
    /// than the decoder's context (``VQVAE/decoderContext(level:)``) before its end cannot
    /// change; they are read back from the file, and the rest is decoded with that context on
    /// its left. A preview costs the window's new tokens and twice the context, not the song
    /// so far.
    /// - Parameters:
    ///   - codes: the top level's tokens, one row per sampled take. // (takes, tokens)
    ///   - takes: the take (from 0) of each row.
    /// - Throws: `ModelError.nonFinite` for audio that is not finite; file errors.
    func writePreviews(codes: [[Int]], takes: [Int], _ emit: (GenerationEvent) -> Void) throws {
        let level = pipeline.levels - 1
        let spec = record.spec
        let sr = pipeline.vqvae.hyperparameters.sr
        let hop = pipeline.vqvae.hopLengths[level]
        let context = pipeline.vqvae.decoderContext(level: level)
        let piece = max(1, Int(Pipeline.codecPieceSeconds * Double(sr)) / hop)
        let format: AudioFileFormat = spec.format == .flac ? .flac(.pcm16) : .wav(.pcm16)
        let started = ContinuousClock.now
        defer {
            pipeline.weightFiles.releaseCodec()  // sampling goes on with the prior only
            previewTime.withLock { $0 += ContinuousClock.now - started }
        }
        for (row, take) in takes.enumerated() where !codes[row].isEmpty {
            let path = folder.preview(take: take, format: spec.format)
            let tokens = codes[row]  // (tokens)
            let kept = Self.settledSamples(of: path, tokens: tokens.count, hop: hop, context: context)
            let start = kept.count / hop
            let low = max(0, start - context)
            // (1, 1, (tokens - low) * hop)
            let decoded = try pipeline.vqvae.decode([Array(tokens[low...])], level: level, chunkCodes: piece).floats()
            let fresh = decoded[((start - low) * hop)...]
            guard fresh.allSatisfy(\.isFinite) else {
                throw ModelError.nonFinite(detail: "the preview decoded from level \(level), take \(take + 1)")
            }
            let samples = kept + fresh.map { min(max($0, -1), 1) }
            let bytes = try AudioWriter.encode(
                AudioBuffer(samples: samples, channels: 1, sampleRateHz: sr), format: format)
            try AtomicFile.write(bytes, to: path, durable: false)  // rewritten at the next window
            emit(
                .preview(
                    take: take, seconds: Double(samples.count) / Double(sr),
                    file: JobFolder.previewName(take: take, format: spec.format)))
        }
    }

    /// The samples of the preview at `path` that tokens appended after it cannot change: all
    /// but the last `context` tokens' worth; none when there is no usable preview (missing,
    /// unreadable, or not a whole number of at most `tokens` hops). A preview damaged by a
    /// crash of the machine (it is written without a flush) is as a rule unreadable or of a
    /// length these checks refuse, and is then decoded again whole.
    private static func settledSamples(of path: String, tokens: Int, hop: Int, context: Int) -> [Float] {
        guard let previous = try? AudioReader.read(path: path, limits: .permissive),
            previous.channels == 1, previous.samples.count % hop == 0, previous.samples.count / hop <= tokens
        else { return [] }
        return Array(previous.samples.prefix(max(0, previous.samples.count / hop - context) * hop))
    }
}
