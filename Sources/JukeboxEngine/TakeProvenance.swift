import Foundation
import JukeboxAudio
import JukeboxTerms
import JukeboxWeights

/// How one take was made, written into its audio file and beside it: model and bundle, every
/// sampling setting, the labels, a hash of the lyrics, the timing the conditioning got, the
/// job and the take it continues. The layout is documented in jukebox-protocol(7)
/// ("Provenance"); clients read it back (`jukebox info`, `continue --like`).
///
/// Lists are top level first. Takes count from 0, as on the wire. `offset_seconds` and
/// `song_seconds` are the spec as given (absent when left to the daemon), `song_offset_s` and
/// `song_length_s` the timing the job worked out from them.
public struct TakeProvenance: Codable, Sendable, Equatable {
    /// The layout of this record (`provenance_format`).
    public var provenanceFormat = 1
    /// The program that made the take, e.g. `jukeboxd 0.1.0`.
    public var software: String
    /// The model's name as the user chose it.
    public var model: String
    /// The bundle identity the job recorded (``BundleIdentity``).
    public var bundleIdentity: String
    /// SHA-256 of the bundle's `config.json`.
    public var bundleSHA256: String
    /// The daemon's job id; nil for `jukeboxd continue`.
    public var job: String?
    /// The take, from 0.
    public var take: Int
    /// Takes the job sampled side by side (the same seed gives the same take only with as many).
    public var takes: Int
    /// The level the file was decoded from (0: the result; 1, 2: previews).
    public var level: Int
    /// How the job made music.
    public var mode: GenerationMode
    /// The seed of the sampler.
    public var seed: UInt64
    /// The levels sampled, top first.
    public var levels: [Int]
    /// Temperature per level, top first.
    public var temperatures: [Double]
    /// Top-k (0: off).
    public var topK: Int
    /// Nucleus mass; nil when off.
    public var topP: Double?
    /// Hop between windows as a fraction of the context, per level, top first.
    public var hopFractions: [Double]
    /// The artist label; absent from the embedded copy when the labels made it too long (``labelsOmitted``).
    public var artist: String?
    /// The genre labels; absent as ``artist``.
    public var genres: [String]?
    /// True in an embedded copy that leaves out artist and genres (the sidecar has them).
    public var labelsOmitted: Bool?
    /// SHA-256 of the lyrics' UTF-8; nil without lyrics.
    public var lyricsSHA256: String?
    /// SHA-256 of the primer file's bytes, for primed jobs.
    public var primerSHA256: String?
    /// `prompt_seconds` as given.
    public var promptSeconds: Double?
    /// Seconds of new music as given.
    public var seconds: Double?
    /// `song_seconds` as given; nil when left to the daemon.
    public var songSeconds: Double?
    /// `offset_seconds` as given; nil when left to the daemon.
    public var offsetSeconds: Double?
    /// Where the job's audio starts in the song, as the timing conditioning got it, in seconds.
    public var songOffsetS: Double
    /// The song's length the timing conditioning got, in seconds.
    public var songLengthS: Double
    /// The take's length in seconds.
    public var durationS: Double
    /// The model's sample rate.
    public var sampleRateHz: Int
    /// The container the job wrote.
    public var format: AudioFormat
    /// The job this one continues or upsamples.
    public var parentJob: String?
    /// The take of ``parentJob`` it builds on, from 0.
    public var parentTake: Int?

    enum CodingKeys: String, CodingKey {
        case software, model, job, take, takes, level, mode, seed, levels, temperatures, artist, genres, seconds
        case format
        case provenanceFormat = "provenance_format"
        case bundleIdentity = "bundle_identity"
        case bundleSHA256 = "bundle_sha256"
        case topK = "top_k"
        case topP = "top_p"
        case hopFractions = "hop_fractions"
        case labelsOmitted = "labels_omitted"
        case lyricsSHA256 = "lyrics_sha256"
        case primerSHA256 = "primer_sha256"
        case promptSeconds = "prompt_seconds"
        case songSeconds = "song_seconds"
        case offsetSeconds = "offset_seconds"
        case songOffsetS = "song_offset_s"
        case songLengthS = "song_length_s"
        case durationS = "duration_s"
        case sampleRateHz = "sample_rate_hz"
        case parentJob = "parent_job"
        case parentTake = "parent_take"
    }

    /// The provenance of take `take` (from 0) decoded at `level` of the job `record` describes.
    /// - Parameters:
    ///   - origin: who makes the job.
    ///   - folder: the job's folder (its primer is hashed for primed jobs).
    ///   - sampleRateHz: the model's rate.
    public init(
        record: JobRecord, origin: JobOrigin, folder: JobFolder, take: Int, level: Int, sampleRateHz: Int
    ) {
        let spec = record.spec
        let rate = Double(sampleRateHz)
        software = origin.software
        model = origin.model
        bundleIdentity = record.bundleIdentity
        bundleSHA256 = origin.bundleSHA256
        job = origin.job
        self.take = take
        takes = spec.takes
        self.level = level
        mode = spec.mode
        seed = spec.seed
        levels = spec.levels
        temperatures = spec.temperatures
        topK = spec.topK
        topP = spec.topP
        hopFractions = spec.hopFractions
        artist = spec.artist
        genres = spec.genres
        lyricsSHA256 = spec.lyrics.isEmpty ? nil : Self.sha256(Array(spec.lyrics.utf8))
        primerSHA256 = FileManager.default.contents(atPath: folder.primer).map { Self.sha256([UInt8]($0)) }
        promptSeconds = spec.promptSeconds
        seconds = spec.seconds
        songSeconds = spec.songSeconds
        offsetSeconds = spec.offsetSeconds
        songOffsetS = Double(record.offset) / rate
        songLengthS = Double(record.songLength) / rate
        durationS = Double(record.sampleLength) / rate
        self.sampleRateHz = sampleRateHz
        format = spec.format
        parentJob = spec.source.map { URL(fileURLWithPath: $0.folder).lastPathComponent }
        parentTake = spec.source?.take
    }

    /// The whole record as compact JSON with sorted keys: the sidecar's content.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain numbers, strings and lists cannot fail.
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The copy stored in the audio file's comment: ``json``, or, when that is too long for
    /// every container to read back (``AudioTags/maxBytes``), the same without the artist and
    /// genres and with `labels_omitted` set (the sidecar keeps them).
    public var embeddedJSON: String {
        let whole = json
        guard whole.utf8.count >= AudioTags.maxBytes else { return whole }
        var short = self
        (short.artist, short.genres, short.labelsOmitted) = (nil, nil, true)
        return short.json
    }

    /// The tags of the take's audio file: a title naming job and take, the program, and
    /// ``embeddedJSON`` as the comment.
    public var tags: AudioTags {
        let title = (job.map { "jukeboxd job \($0) " } ?? "jukeboxd ") + "take \(take + 1) of \(takes), level \(level)"
        return AudioTags(title: title, software: software, comment: embeddedJSON)
    }

    private static func sha256(_ bytes: [UInt8]) -> String {
        var hash = SHA256()
        hash.update(bytes)
        return hash.hexDigest()
    }
}

extension TakeProvenance {
    /// The provenance of a take about to be written, saved first as its sidecar in `folder`
    /// (``JobFolder/provenanceName(level:take:)``), so a take file never exists without it.
    /// - Returns: the provenance, or nil for a job without an origin (it writes none).
    /// - Throws: ``EngineError/diskFull(path:)``, ``EngineError/checkpointFailed(path:reason:)``.
    static func writeSidecar(
        record: JobRecord, folder: JobFolder, take: Int, level: Int, sampleRateHz: Int
    ) throws(EngineError) -> TakeProvenance? {
        guard let origin = record.origin else { return nil }
        let provenance = TakeProvenance(
            record: record, origin: origin, folder: folder, take: take, level: level, sampleRateHz: sampleRateHz)
        try AtomicFile.write(
            Array((provenance.json + "\n").utf8),
            to: folder.path + "/" + JobFolder.provenanceName(level: level, take: take))
        return provenance
    }
}
