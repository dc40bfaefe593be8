import JukeboxJSON

/// The `fetch` reply with audio: one take at one level as a complete encoded file.
public struct AudioResult: Equatable, Sendable, WireObject {
    /// The job.
    public var job: JobID
    /// The take, from 0.
    public var take: Int
    /// The level the audio was decoded from (0 is the finished audio).
    public var level: Int
    /// The file's container.
    public var format: AudioFormat
    /// The audio's sample rate, in hertz.
    public var sampleRateHz: Int
    /// The audio's length, in seconds.
    public var durationS: Double
    /// The complete file, sent as `audio_base64`.
    public var audio: [UInt8]

    /// An audio reply; the arguments match the properties.
    public init(
        job: JobID, take: Int, level: Int, format: AudioFormat, sampleRateHz: Int, durationS: Double, audio: [UInt8]
    ) {
        self.job = job
        self.take = take
        self.level = level
        self.format = format
        self.sampleRateHz = sampleRateHz
        self.durationS = durationS
        self.audio = audio
    }

    init(from reader: inout FieldReader) throws(MessageError) {
        job = try reader.required("job", JobID.read)
        take = try reader.required("take", FieldReader.int)
        level = try reader.required("level", FieldReader.int)
        format = try reader.required("format", FieldReader.word(AudioFormat.self))
        sampleRateHz = try reader.required("sample_rate_hz", FieldReader.int)
        durationS = try reader.required("duration_s", FieldReader.double)
        let text = try reader.required("audio_base64", FieldReader.string)
        guard let bytes = Base64.decode(text) else {
            throw .invalidValue(field: reader.path(of: "audio_base64"), reason: "not valid padded base64 (RFC 4648)")
        }
        audio = bytes
    }

    func encode(into object: inout JSONObject) {
        object["job"] = .string(job.rawValue)
        object["take"] = JSONValue(take)
        object["level"] = JSONValue(level)
        object["format"] = .string(format.rawValue)
        object["sample_rate_hz"] = JSONValue(sampleRateHz)
        object["duration_s"] = .number(durationS)
        object["audio_base64"] = .string(Base64.encode(audio))
    }
}
