import JukeboxTerms

/// Everything a generation job needs besides the models and the primer bytes, saved as the
/// job folder's `spec.json` so that a job can be resumed from its folder alone.
///
/// Per-level lists (``temperatures``, ``hopFractions``) and ``levels`` are written top level
/// first, as everywhere (`GenerationDefaults`): `[t2, t1, t0]` for a three-level model.
/// ``validate(levelCount:)`` holds every rule a request must meet; the wire decoder and the
/// command lines check the same rules earlier only to name the field as their users wrote it.
public struct GenerationSpec: Codable, Sendable, Equatable {
    /// How the job makes music.
    public var mode: GenerationMode
    /// The artist, as named in the bundle's labels ("unknown" when the user gives none).
    public var artist: String
    /// The genres (v2 labels take up to five words, v3 labels one); empty means "unknown".
    public var genres: [String]
    /// The lyrics (ignored by models without lyrics).
    public var lyrics: String
    /// How much of the primer, or of the source take, to keep, in seconds; nil keeps all.
    public var promptSeconds: Double?
    /// Seconds of new music after the primer or source take; nil only for `GenerationMode.upsample`.
    public var seconds: Double?
    /// The whole song's length for the timing conditioning, in seconds; nil means the output
    /// length plus the offset, raised to the source job's song length for `GenerationMode.continue`
    /// and `GenerationMode.upsample` and to the top prior's minimum duration.
    public var songSeconds: Double?
    /// Where the job's audio starts within the song, in seconds; nil means 0 for a new song and,
    /// for `GenerationMode.continue` and `GenerationMode.upsample`, where the source take starts.
    public var offsetSeconds: Double?
    /// Takes sampled side by side.
    public var takes: Int
    /// The seed of the random draws.
    public var seed: UInt64
    /// Sampling temperature per level, top level first.
    public var temperatures: [Double]
    /// Keep the K most likely tokens at each step; 0 keeps all.
    public var topK: Int
    /// Nucleus mass; nil keeps all.
    public var topP: Double?
    /// The levels to sample, top first (`[2]`, `[2, 1]`, `[2, 1, 0]`; to upsample `[1, 0]`, `[1]`, `[0]`).
    public var levels: [Int]
    /// Hop between windows as a fraction of the context, per level, top level first.
    public var hopFractions: [Double]
    /// The container of the written audio.
    public var format: AudioFormat
    /// The earlier take a ``Mode/continue`` or `GenerationMode.upsample` job builds on.
    public var source: SourceTake?

    /// A spec; arguments match the properties.
    public init(
        mode: GenerationMode, artist: String = "unknown", genres: [String] = [], lyrics: String = "",
        promptSeconds: Double? = nil, seconds: Double?, songSeconds: Double? = nil, offsetSeconds: Double? = nil,
        takes: Int = GenerationDefaults.localTakes, seed: UInt64 = 0,
        temperatures: [Double] = GenerationDefaults.temperatures, topK: Int = GenerationDefaults.topK,
        topP: Double? = nil, levels: [Int]? = nil, hopFractions: [Double] = GenerationDefaults.hopFractions,
        format: AudioFormat = .wav, source: SourceTake? = nil
    ) {
        self.mode = mode
        self.artist = artist
        self.genres = genres
        self.lyrics = lyrics
        self.promptSeconds = promptSeconds
        self.seconds = seconds
        self.songSeconds = songSeconds
        self.offsetSeconds = offsetSeconds
        self.takes = takes
        self.seed = seed
        self.temperatures = temperatures
        self.topK = topK
        self.topP = topP
        self.levels = levels ?? GenerationDefaults.levels(for: mode)
        self.hopFractions = hopFractions
        self.format = format
        self.source = source
    }

    /// The genre text a labeller reads: the words joined by spaces, or "unknown".
    public var genreText: String { genres.isEmpty ? "unknown" : genres.joined(separator: " ") }

    /// The value of a top-first per-level list at `level` of a model with `levelCount` levels.
    static func perLevel<T>(_ list: [T], level: Int, levelCount: Int) -> T { list[levelCount - 1 - level] }
}

/// One take of an earlier job: its folder and the take's index from 0.
public struct SourceTake: Codable, Sendable, Equatable {
    /// The earlier job's folder.
    public var folder: String
    /// The take, counted from 0.
    public var take: Int

    /// A reference to take `take` of the job in `folder`.
    public init(folder: String, take: Int) {
        self.folder = folder
        self.take = take
    }
}
