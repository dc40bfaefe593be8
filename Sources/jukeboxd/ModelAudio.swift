import ArgumentParser
import JukeboxAudio
import JukeboxWeights

/// Audio as a bundle's VQ-VAE takes it, the way a job prepares its primer: decoded, mixed to
/// mono, resampled to the model rate and cut to whole top-level tokens.
enum ModelAudio {
    /// The prepared samples of `path`, at most `seconds` of them when given.
    /// - Throws: `AudioError` for unreadable audio; `ValidationError` when less than one
    ///   top-level token remains.
    static func load(_ path: String, for vqvae: VQVAEHyperparameters, seconds: Double? = nil) throws -> [Float] {
        var samples = try AudioReader.read(path: path).preparedForModel(sampleRateHz: vqvae.sr)
        if let seconds { samples = Array(samples.prefix(Int(seconds * Double(vqvae.sr)))) }
        let top = vqvae.hopLengths.last!
        samples.removeLast(samples.count % top)
        guard !samples.isEmpty else {
            throw ValidationError("\(path) is shorter than one top-level token (\(top) samples at \(vqvae.sr) Hz)")
        }
        return samples
    }
}
