/// Everything that can go wrong reading, converting or writing audio.
///
/// Each case carries enough context to tell the user what happened and what to do next;
/// `description` gives a one-line message suitable for a log line or a protocol error.
public enum AudioError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The path does not exist or cannot be opened for reading.
    case fileNotFound(path: String)
    /// The bytes are not in any format libsndfile reads (or the format is damaged beyond
    /// recognition). `detail` is libsndfile's own message.
    case notAudio(source: String, detail: String)
    /// The header promised more audio than the file holds, or the decoder failed part way.
    /// `detail` says what was missing (libsndfile's diagnosis or the frame counts).
    case truncated(source: String, detail: String)
    /// The file is valid audio but holds no frames at all.
    case noFrames(source: String)
    /// The channel count is outside `AudioLimits.channelRange`.
    case channelCountOutOfRange(source: String, channels: Int, allowed: ClosedRange<Int>)
    /// The sample rate is outside `AudioLimits.sampleRateRange`.
    case sampleRateOutOfRange(source: String, sampleRateHz: Int, allowed: ClosedRange<Int>)
    /// The header says the audio is longer than `AudioLimits.maxDurationSeconds`; nothing
    /// was decoded.
    case tooLong(source: String, durationSeconds: Double, limitSeconds: Double)
    /// Decoding the part of the audio that is needed would produce more than `limit` samples
    /// (frames times channels): many channels at a high rate. Send fewer channels, a lower
    /// rate, or less audio.
    case tooManySamples(source: String, samples: Int, limit: Int)
    /// libsndfile refused to write (unsupported combination, disk full, ...).
    case writeFailed(destination: String, detail: String)
    /// libsamplerate reported an error; `detail` is its own message.
    case resampleFailed(detail: String)
    /// A caller passed samples that do not form whole frames, or an invalid rate.
    case invalidInput(detail: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "cannot open \(path): no such file or not readable"
        case .notAudio(let source, let detail):
            return "\(source) is not a readable audio file (\(detail))"
        case .truncated(let source, let detail):
            return "\(source) is truncated or damaged: \(detail)"
        case .noFrames(let source):
            return "\(source) holds no audio (zero frames)"
        case .channelCountOutOfRange(let source, let channels, let allowed):
            return "\(source) has \(channels) channels; allowed \(allowed.lowerBound)...\(allowed.upperBound)"
        case .sampleRateOutOfRange(let source, let rate, let allowed):
            return "\(source) has a sample rate of \(rate) Hz; allowed \(allowed.lowerBound)...\(allowed.upperBound) Hz"
        case .tooManySamples(let source, let samples, let limit):
            return "\(source) decodes to \(samples) samples (frames times channels), over the limit of \(limit); "
                + "send fewer channels, a lower sample rate or a shorter clip"
        case .tooLong(let source, let duration, let limit):
            return "\(source) lasts \(formatSeconds(duration)) s, longer than the limit of \(formatSeconds(limit)) s"
        case .writeFailed(let destination, let detail):
            return "cannot write audio to \(destination) (\(detail))"
        case .resampleFailed(let detail):
            return "resampling failed (\(detail))"
        case .invalidInput(let detail):
            return "invalid audio input: \(detail)"
        }
    }
}

/// Seconds with at most three decimals, for messages.
func formatSeconds(_ value: Double) -> String {
    let rounded = (value * 1000).rounded() / 1000
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
}
