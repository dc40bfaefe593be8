/// The bounds of a generation request: the wire decoder, the engine's validator and both
/// command lines check against these values.
public enum GenerationLimits {
    /// Takes of one job.
    public static let takes = 1...16
    /// The longest `seconds`, `song_seconds`, `offset_seconds` and `prompt_seconds`.
    public static let maxSeconds = 3600.0
    /// The longest run of new music in one job, in seconds.
    public static let maxNewSeconds = 1200.0
    /// The shortest run of new music: 10 ms, a few top-level tokens of any model.
    public static let minNewSeconds = 0.01
    /// The most genres (every published model has at most five genre slots).
    public static let maxGenres = 5
    /// The largest lyrics, in UTF-8 bytes.
    public static let maxLyricsBytes = 65536
    /// The smallest temperature: below it the logits divided by the temperature overflow
    /// float32 for ordinary models (and sampling would be greedy anyway).
    public static let minTemperature = 0.001
    /// The largest temperature.
    public static let maxTemperature = 2.0
    /// The longest artist, genre or label query, in UTF-8 bytes.
    public static let maxLabelBytes = 256
    /// The largest top-k.
    public static let maxTopK = 1 << 20
}
