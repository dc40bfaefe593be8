import JukeboxJSON

/// How a take was made, as the daemon and `jukeboxd continue` store it in each take's audio
/// file (the comment: WAV `ICMT`, FLAC `comment`) and in a JSON sidecar in the job's folder:
/// one JSON object, documented in jukebox-protocol(7) ("PROVENANCE"). Read leniently: members
/// a later release adds are ignored.
///
/// Takes count from 0, as on the wire; lists are top level first.
public struct Provenance: Equatable, Sendable, WireObject {
    /// The layout of the record (`provenance_format`), 1.
    public var provenanceFormat: Int
    /// The program, e.g. `jukeboxd 0.1.0`.
    public var software: String
    /// The model as the user named it.
    public var model: String
    /// The bundle identity the job recorded (name and checkpoint hashes).
    public var bundleIdentity: String
    /// SHA-256 of the bundle's `config.json`.
    public var bundleSHA256: String
    /// The daemon's job id; nil for `jukeboxd continue`.
    public var job: JobID?
    /// The take, from 0.
    public var take: Int
    /// How many takes the job sampled side by side.
    public var takes: Int
    /// The level the file was decoded from.
    public var level: Int
    /// How the job made music.
    public var mode: GenerationMode
    /// The sampler's seed.
    public var seed: Int64
    /// The levels sampled, top first.
    public var levels: [Int]
    /// Temperature per level, top first.
    public var temperatures: [Double]
    /// Top-k (0: off).
    public var topK: Int
    /// Nucleus mass (nil: off).
    public var topP: Double?
    /// Hop fraction per level, top first.
    public var hopFractions: [Double]
    /// The artist; nil when the embedded copy left the labels out (`labels_omitted`).
    public var artist: String?
    /// The genres; nil as ``artist``.
    public var genres: [String]?
    /// SHA-256 of the lyrics, when the job had lyrics.
    public var lyricsSHA256: String?
    /// SHA-256 of the primer file, for primed jobs.
    public var primerSHA256: String?
    /// `prompt_seconds` as the request gave it.
    public var promptSeconds: Double?
    /// `seconds` as the request gave it.
    public var seconds: Double?
    /// `song_seconds` as the request gave it.
    public var songSeconds: Double?
    /// `offset_seconds` as the request gave it.
    public var offsetSeconds: Double?
    /// Where the job's audio starts in the song, as the timing conditioning got it.
    public var songOffsetS: Double
    /// The song's length the timing conditioning got.
    public var songLengthS: Double
    /// The take's length in seconds.
    public var durationS: Double
    /// The take's sample rate.
    public var sampleRateHz: Int
    /// The container the job wrote.
    public var format: AudioFormat
    /// The job and take (from 0) this job built on.
    public var parent: TakeReference?

    /// Reads a record from its JSON text.
    /// - Throws: ``MessageError`` naming the first member that is missing or wrong.
    public init(json text: String) throws(MessageError) {
        let value: JSONValue
        do {
            value = try ProtocolLimits.parser().parse(Array(text.utf8))
        } catch {
            throw .json(error)
        }
        var reader = try FieldReader(value, strict: false)
        try self.init(from: &reader)
    }

    init(from reader: inout FieldReader) throws(MessageError) {
        typealias R = FieldReader
        provenanceFormat = try reader.required("provenance_format", R.int)
        software = try reader.required("software", R.string)
        model = try reader.required("model", R.string)
        bundleIdentity = try reader.required("bundle_identity", R.string)
        bundleSHA256 = try reader.required("bundle_sha256", R.string)
        job = try reader.optional("job", JobID.read)
        take = try reader.required("take", R.int)
        takes = try reader.required("takes", R.int)
        level = try reader.required("level", R.int)
        mode = try reader.required("mode", R.word(GenerationMode.self))
        seed = Int64(try reader.required("seed", R.int(in: 0...Int.max)))
        levels = try reader.required("levels", R.array(R.int))
        temperatures = try reader.required("temperatures", R.array(R.double))
        topK = try reader.required("top_k", R.int)
        topP = try reader.optional("top_p", R.double)
        hopFractions = try reader.required("hop_fractions", R.array(R.double))
        artist = try reader.optional("artist", R.string)
        genres = try reader.optional("genres", R.array(R.string))
        lyricsSHA256 = try reader.optional("lyrics_sha256", R.string)
        primerSHA256 = try reader.optional("primer_sha256", R.string)
        promptSeconds = try reader.optional("prompt_seconds", R.double)
        seconds = try reader.optional("seconds", R.double)
        songSeconds = try reader.optional("song_seconds", R.double)
        offsetSeconds = try reader.optional("offset_seconds", R.double)
        songOffsetS = try reader.required("song_offset_s", R.double)
        songLengthS = try reader.required("song_length_s", R.double)
        durationS = try reader.required("duration_s", R.double)
        sampleRateHz = try reader.required("sample_rate_hz", R.int)
        format = try reader.required("format", R.word(AudioFormat.self))
        let parentJob = try reader.optional("parent_job", JobID.read)
        let parentTake = try reader.optional("parent_take", R.int)
        parent = parentJob.map { TakeReference(job: $0, take: parentTake ?? 0) }
    }

    func encode(into object: inout JSONObject) {
        object["provenance_format"] = JSONValue(provenanceFormat)
        object["software"] = .string(software)
        object["model"] = .string(model)
        object["bundle_identity"] = .string(bundleIdentity)
        object["bundle_sha256"] = .string(bundleSHA256)
        if let job { object["job"] = .string(job.rawValue) }
        object["take"] = JSONValue(take)
        object["takes"] = JSONValue(takes)
        object["level"] = JSONValue(level)
        object["mode"] = .string(mode.rawValue)
        object["seed"] = .integer(seed)
        object["levels"] = .array(levels.map { JSONValue($0) })
        object["temperatures"] = .array(temperatures.map { .number($0) })
        object["top_k"] = JSONValue(topK)
        if let topP { object["top_p"] = .number(topP) }
        object["hop_fractions"] = .array(hopFractions.map { .number($0) })
        if let artist { object["artist"] = .string(artist) }
        if let genres { object["genres"] = .array(genres.map { .string($0) }) }
        if let lyricsSHA256 { object["lyrics_sha256"] = .string(lyricsSHA256) }
        if let primerSHA256 { object["primer_sha256"] = .string(primerSHA256) }
        if let promptSeconds { object["prompt_seconds"] = .number(promptSeconds) }
        if let seconds { object["seconds"] = .number(seconds) }
        if let songSeconds { object["song_seconds"] = .number(songSeconds) }
        if let offsetSeconds { object["offset_seconds"] = .number(offsetSeconds) }
        object["song_offset_s"] = .number(songOffsetS)
        object["song_length_s"] = .number(songLengthS)
        object["duration_s"] = .number(durationS)
        object["sample_rate_hz"] = JSONValue(sampleRateHz)
        object["format"] = .string(format.rawValue)
        if let parent {
            object["parent_job"] = .string(parent.job.rawValue)
            object["parent_take"] = JSONValue(parent.take)
        }
    }

    /// The record as JSON text, one line.
    public var json: String { String(decoding: wireJSON.serializedBytes(), as: UTF8.self) }

    /// The record for people, one `name: value` line each (takes counted from 1), as
    /// `jukebox info` and `jukeboxd audio-info` print it.
    public var lines: [String] {
        let jobText: String = job?.rawValue ?? "-"
        let topPText: String = topP.map { String($0) } ?? "off"
        let artistText: String = artist ?? "(left out, see the job's sidecar)"
        let genreText: String = genres.map { $0.isEmpty ? "-" : $0.joined(separator: " ") } ?? "(left out)"
        let parentText: String = parent.map { "\($0.job) take \($0.take + 1)" } ?? "-"
        var lines: [String] = []
        lines.append("made by: \(software)")
        lines.append("model: \(model) (bundle \(bundleIdentity); config.json sha256 \(bundleSHA256))")
        lines.append("job: \(jobText), take \(take + 1) of \(takes), level \(level)")
        lines.append("mode: \(mode.rawValue)")
        lines.append("seed: \(seed)")
        lines.append("levels: \(Self.list(levels))")
        lines.append("temperatures: \(Self.list(temperatures))")
        lines.append("top-k: \(topK), top-p: \(topPText)")
        lines.append("hop fractions: \(Self.list(hopFractions))")
        lines.append("artist: \(artistText)")
        lines.append("genres: \(genreText)")
        lines.append("lyrics sha256: \(lyricsSHA256 ?? "-")")
        if let primerSHA256 { lines.append("primer sha256: \(primerSHA256)") }
        lines.append(
            "timing: starts at \(songOffsetS) s of a \(songLengthS) s song; \(durationS) s at \(sampleRateHz) Hz")
        lines.append("parent: \(parentText)")
        return lines
    }

    private static func list<T>(_ values: [T]) -> String {
        values.map { "\($0)" }.joined(separator: ",")
    }
}
