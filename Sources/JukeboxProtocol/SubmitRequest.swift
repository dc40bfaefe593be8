/// `{"op":"submit","id":1,"model":"5b_lyrics","mode":"primed","primer_path":"/home/me/verse.wav",...}`:
/// queues a generation job.
///
/// Decoding checks each field's type and range and how fields fit the ``mode``; whether the
/// model, artist and genres exist is the daemon's check, as only it knows the models.
/// Per-level lists (``temperatures``, ``hopFractions``) hold three numbers for levels 2, 1
/// and 0 in that order, top level first, as ``levels`` is written.
public struct SubmitRequest: Equatable, Sendable {
    /// The model to run, by its folder name in the models folder.
    public var model: String
    /// How the job makes music.
    public var mode: GenerationMode
    /// The primer clip; present exactly when ``mode`` is ``GenerationMode/primed``.
    public var primer: PrimerSource?
    /// The earlier job and take to build on; present exactly for ``GenerationMode/continue``
    /// and ``GenerationMode/upsample``.
    public var source: TakeReference?
    /// The artist to condition on; nil lets the daemon use the model's "unknown" artist.
    public var artist: String?
    /// The genres to condition on, at most `GenerationLimits.maxGenres`.
    public var genres: [String]
    /// The lyrics (empty for none or for models without lyrics).
    public var lyrics: String
    /// How much of the primer (or of the source take, when continuing) to use, in seconds;
    /// nil means all of it, up to the daemon's `max_primer_seconds`.
    public var promptSeconds: Double?
    /// How many seconds of new music to generate; nil exactly for ``GenerationMode/upsample``.
    public var seconds: Double?
    /// The length of the whole song the timing conditioning describes, in seconds; nil lets
    /// the daemon use the prompt plus the new music.
    public var songSeconds: Double?
    /// Where in the song the job's audio starts, in seconds; nil lets the daemon use 0, or for
    /// ``GenerationMode/continue`` and ``GenerationMode/upsample`` where the source take starts.
    public var offsetSeconds: Double?
    /// How many takes (samples) to generate side by side.
    public var takes: Int
    /// The seed of the sampler's random numbers; nil lets the daemon draw one (and report it).
    public var seed: Int64?
    /// Sampling temperatures for levels 2, 1, 0.
    public var temperatures: [Double]
    /// Keep only the `topK` most likely tokens at each step; 0 keeps all.
    public var topK: Int
    /// Keep the smallest set of tokens whose probability reaches `topP`; nil keeps all.
    /// Cannot be combined with a non-zero ``topK`` (as in the reference).
    public var topP: Double?
    /// The levels to sample, top first: `[2]`, `[2,1]` or `[2,1,0]`; for
    /// ``GenerationMode/upsample`` `[1]`, `[1,0]` or `[0]`.
    public var levels: [Int]
    /// The hop between windows as a fraction of a level's context, for levels 2, 1, 0.
    public var hopFractions: [Double]
    /// The container of the audio the job writes.
    public var format: AudioFormat
    /// Whether the submitting connection receives the job's events.
    public var watch: Bool

    /// A submit request; arguments match the properties, and every default is the one a
    /// request that leaves the field out gets. It is not validated: ``Request/jsonValue``
    /// writes it as given, and the daemon's decoder checks it.
    public init(
        model: String, mode: GenerationMode, primer: PrimerSource? = nil, source: TakeReference? = nil,
        artist: String? = nil, genres: [String] = [], lyrics: String = "", promptSeconds: Double? = nil,
        seconds: Double?, songSeconds: Double? = nil, offsetSeconds: Double? = nil,
        takes: Int = GenerationDefaults.takes,
        seed: Int64? = nil, temperatures: [Double] = GenerationDefaults.temperatures, topK: Int = 0,
        topP: Double? = nil,
        levels: [Int]? = nil, hopFractions: [Double] = GenerationDefaults.hopFractions, format: AudioFormat = .wav,
        watch: Bool = false
    ) {
        self.model = model
        self.mode = mode
        self.primer = primer
        self.source = source
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
        self.watch = watch
    }
}

/// Where a primed job's primer clip comes from.
public enum PrimerSource: Equatable, Sendable {
    /// The bytes of a complete audio file in any format libsndfile reads (`primer_base64`).
    case bytes([UInt8])
    /// An absolute path the daemon opens (`primer_path`); the daemon decides whether it may
    /// read it for this client.
    case path(String)
}

/// One take of an earlier job, the source of a `continue` or `upsample` job.
public struct TakeReference: Equatable, Sendable {
    /// The earlier job.
    public var job: JobID
    /// The take, counted from 0.
    public var take: Int

    /// A reference to take `take` of `job`.
    public init(job: JobID, take: Int) {
        self.job = job
        self.take = take
    }
}
