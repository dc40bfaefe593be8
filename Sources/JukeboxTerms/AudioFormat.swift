/// The container of the audio files a job writes and `fetch` returns (always 16-bit PCM).
public enum AudioFormat: String, Sendable, Codable, CaseIterable {
    /// RIFF WAV, 16-bit PCM (as the reference saves its takes).
    case wav
    /// FLAC, 16-bit.
    case flac
}
