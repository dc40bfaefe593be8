/// Bounds applied to untrusted audio before and while decoding it.
///
/// The duration limit is checked against the header, before any sample is decoded, so an
/// hour-long upload is refused in microseconds rather than after filling memory.
public struct AudioLimits: Sendable, Equatable {
    /// Longest audio accepted, in seconds; `nil` accepts any length.
    public var maxDurationSeconds: Double?
    /// Channel counts accepted.
    public var channelRange: ClosedRange<Int>
    /// Sample rates accepted, in Hz.
    public var sampleRateRange: ClosedRange<Int>
    /// The most samples (frames times channels) decoded from one input; `nil` for no limit.
    /// Checked by ``AudioReader/readMono(bytes:name:limits:maxSeconds:)``: a small compressed
    /// file can announce a huge number of channels and frames.
    public var maxDecodedSamples: Int?

    /// - Parameters:
    ///   - maxDurationSeconds: longest audio accepted (default 3,600 s); `nil` for no limit.
    ///   - channelRange: channel counts accepted (default 1...64).
    ///   - sampleRateRange: sample rates accepted in Hz (default 1,000...384,000).
    ///   - maxDecodedSamples: the most samples decoded (default 100 million: a minute of
    ///     32 channels at 48 kHz).
    public init(
        maxDurationSeconds: Double? = 3600,
        channelRange: ClosedRange<Int> = 1...64,
        sampleRateRange: ClosedRange<Int> = 1000...384_000,
        maxDecodedSamples: Int? = 100_000_000
    ) {
        self.maxDurationSeconds = maxDurationSeconds
        self.channelRange = channelRange
        self.sampleRateRange = sampleRateRange
        self.maxDecodedSamples = maxDecodedSamples
    }

    /// Limits that accept anything libsndfile can decode.
    public static let permissive = AudioLimits(
        maxDurationSeconds: nil, channelRange: 1...Int(Int32.max), sampleRateRange: 1...Int(Int32.max),
        maxDecodedSamples: nil)
}
