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

    /// - Parameters:
    ///   - maxDurationSeconds: longest audio accepted (default 3,600 s); `nil` for no limit.
    ///   - channelRange: channel counts accepted (default 1...64).
    ///   - sampleRateRange: sample rates accepted in Hz (default 1,000...384,000).
    public init(
        maxDurationSeconds: Double? = 3600,
        channelRange: ClosedRange<Int> = 1...64,
        sampleRateRange: ClosedRange<Int> = 1000...384_000
    ) {
        self.maxDurationSeconds = maxDurationSeconds
        self.channelRange = channelRange
        self.sampleRateRange = sampleRateRange
    }

    /// Limits that accept anything libsndfile can decode.
    public static let permissive = AudioLimits(
        maxDurationSeconds: nil, channelRange: 1...Int(Int32.max), sampleRateRange: 1...Int(Int32.max))
}
