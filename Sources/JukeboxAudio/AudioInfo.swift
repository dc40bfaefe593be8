/// What a file's header says, read without decoding any sample.
public struct AudioInfo: Sendable, Equatable {
    /// Frames (samples per channel) the header announces.
    public var frames: Int
    /// Channels per frame.
    public var channels: Int
    /// Frames per second, in Hz.
    public var sampleRateHz: Int
    /// Container name as libsndfile gives it (`SFC_GET_FORMAT_INFO`), e.g. "WAV (Microsoft)".
    public var container: String
    /// Encoding name as libsndfile gives it, e.g. "Signed 16 bit PCM".
    public var encoding: String
    /// The text stored with the audio (title, software, comment).
    public var tags = AudioTags()

    /// Length in seconds from the header.
    public var durationSeconds: Double {
        sampleRateHz > 0 ? Double(frames) / Double(sampleRateHz) : 0
    }
}
