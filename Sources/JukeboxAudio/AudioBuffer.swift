/// Decoded audio: interleaved float32 samples with their channel count and rate.
///
/// Samples are in the nominal range [-1, 1] (libsndfile's float normalisation); nothing is
/// clipped, so decoded float files may exceed it.
public struct AudioBuffer: Sendable, Equatable {
    /// Interleaved samples, `frames * channels` of them: `(time, channels)`.
    public var samples: [Float]
    /// Channels per frame, at least 1.
    public var channels: Int
    /// Frames per second, in Hz.
    public var sampleRateHz: Int

    /// - Precondition: `samples.count` is a multiple of `channels`, `channels >= 1`.
    public init(samples: [Float], channels: Int, sampleRateHz: Int) {
        precondition(channels >= 1, "an audio buffer needs at least one channel")
        precondition(samples.count % channels == 0, "samples do not form whole frames")
        self.samples = samples
        self.channels = channels
        self.sampleRateHz = sampleRateHz
    }

    /// Number of frames (samples per channel).
    public var frames: Int { samples.count / channels }

    /// Length in seconds.
    public var durationSeconds: Double { Double(frames) / Double(sampleRateHz) }

    /// The samples of one channel, `(time,)`.
    public func channel(_ index: Int) -> [Float] {
        precondition((0..<channels).contains(index), "channel \(index) out of range")
        return (0..<frames).map { samples[$0 * channels + index] }
    }

    /// The mean of the channels, as the reference's loader does (`librosa.load(mono=True)`):
    /// frame `t` becomes `(x[t,0] + ... + x[t,C-1]) / C`, summed in float32 in channel order.
    public func mixedToMono() -> AudioBuffer {
        if channels == 1 { return self }
        let count = frames
        let divisor = Float(channels)
        var mono = [Float](repeating: 0, count: count)
        samples.withUnsafeBufferPointer { source in
            mono.withUnsafeMutableBufferPointer { out in
                for t in 0..<count {
                    var sum: Float = 0
                    let base = t * channels
                    for c in 0..<channels { sum += source[base + c] }
                    out[t] = sum / divisor
                }
            }
        }
        return AudioBuffer(samples: mono, channels: 1, sampleRateHz: sampleRateHz)
    }
}
