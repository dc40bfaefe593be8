import CSndFile

/// The files jukeboxd writes: WAV or FLAC at a chosen sample encoding.
public enum AudioFileFormat: Sendable, Equatable, CustomStringConvertible {
    /// RIFF WAVE at the given encoding.
    case wav(WAVEncoding)
    /// FLAC (lossless) at 16 or 24 bits.
    case flac(FLACDepth)

    /// Sample encodings of a WAV file.
    public enum WAVEncoding: Sendable, Equatable {
        /// Signed 16-bit integer PCM.
        case pcm16
        /// Signed 24-bit integer PCM.
        case pcm24
        /// IEEE 32-bit float.
        case float32
    }

    /// Bit depths FLAC stores.
    public enum FLACDepth: Sendable, Equatable {
        /// 16-bit samples.
        case pcm16
        /// 24-bit samples.
        case pcm24
    }

    /// The integer bit depth samples are quantised to, or `nil` for float.
    public var integerBits: Int? {
        switch self {
        case .wav(.pcm16), .flac(.pcm16): 16
        case .wav(.pcm24), .flac(.pcm24): 24
        case .wav(.float32): nil
        }
    }

    /// The libsndfile `SF_INFO.format` word for this format.
    var libsndfileFormat: Int32 {
        switch self {
        case .wav(.pcm16): Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16)
        case .wav(.pcm24): Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_24)
        case .wav(.float32): Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT)
        case .flac(.pcm16): Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)
        case .flac(.pcm24): Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_24)
        }
    }

    /// The usual file extension, without the dot.
    public var fileExtension: String {
        switch self {
        case .wav: "wav"
        case .flac: "flac"
        }
    }

    public var description: String {
        switch self {
        case .wav(.pcm16): "WAV 16-bit PCM"
        case .wav(.pcm24): "WAV 24-bit PCM"
        case .wav(.float32): "WAV 32-bit float"
        case .flac(.pcm16): "FLAC 16-bit"
        case .flac(.pcm24): "FLAC 24-bit"
        }
    }
}
