import CSndFile

/// Encodes float32 samples as WAV or FLAC, to a path or to the bytes of a whole file.
///
/// Integer encodings are quantised here, not by libsndfile: sample `x` becomes
/// `clamp(round(x * 2^(bits-1)), -2^(bits-1), 2^(bits-1) - 1)`, which is exactly the inverse
/// of libsndfile's read scaling (`q / 2^(bits-1)`), so quantised audio round-trips sample for
/// sample. Values beyond [-1, 1) are clipped, never wrapped.
public enum AudioWriter {
    /// Frames passed to libsndfile per write call.
    static let chunkFrames = 65_536

    /// Writes `audio` to `path` (created or replaced) in `format` with `sf_open`.
    /// - Parameter tags: text stored with the audio (``AudioTags``), set before the first frame.
    /// - Throws: `AudioError.writeFailed` with libsndfile's message; `.invalidInput` for an
    ///   empty buffer, a bad sample rate or a tag too long to read back.
    public static func write(
        _ audio: AudioBuffer, to path: String, format: AudioFileFormat, tags: AudioTags = AudioTags()
    ) throws(AudioError) {
        let file = try SoundFile(writingPath: path, info: try header(audio, format, name: path))
        try tags.apply(to: file, name: path)
        try encode(audio, into: file, format: format, name: path)
    }

    /// Encodes `audio` as a complete file in memory (`sf_open_virtual`), e.g. to send over
    /// the socket.
    /// - Throws: the same errors as `write(_:to:format:tags:)`.
    public static func encode(
        _ audio: AudioBuffer, format: AudioFileFormat, tags: AudioTags = AudioTags()
    ) throws(AudioError) -> [UInt8] {
        let memory = MemoryFile()
        let name = "in-memory \(format)"
        do {
            let file = try SoundFile(
                memory: memory, mode: Int32(SFM_WRITE), info: try header(audio, format, name: name), name: name)
            try tags.apply(to: file, name: name)
            try encode(audio, into: file, format: format, name: name)
        }  // the handle closes here, which finishes the header
        return memory.bytes
    }

    private static func header(_ audio: AudioBuffer, _ format: AudioFileFormat, name: String) throws(AudioError)
        -> SF_INFO
    {
        guard audio.frames > 0 else { throw AudioError.invalidInput(detail: "nothing to write to \(name)") }
        guard audio.samples.allSatisfy(\.isFinite) else {
            throw AudioError.invalidInput(detail: "NaN or infinite samples cannot be written to \(name)")
        }
        guard audio.sampleRateHz > 0, audio.sampleRateHz <= 655_350 else {
            throw AudioError.invalidInput(detail: "sample rate \(audio.sampleRateHz) Hz cannot be written")
        }
        var info = SF_INFO()
        info.samplerate = Int32(audio.sampleRateHz)
        info.channels = Int32(audio.channels)
        info.format = format.libsndfileFormat
        guard sf_format_check(&info) != 0 else {
            throw AudioError.writeFailed(
                destination: name,
                detail: "\(format) cannot hold \(audio.channels) channels at \(audio.sampleRateHz) Hz")
        }
        return info
    }

    private static func encode(_ audio: AudioBuffer, into file: SoundFile, format: AudioFileFormat, name: String)
        throws(AudioError)
    {
        let channels = audio.channels
        let frames = audio.frames
        var written = 0
        if let bits = format.integerBits {
            let scale = Float(1 << (bits - 1))
            let low = -scale
            let high = scale - 1
            let shift = Int32(32 - bits)
            var chunk = [Int32](repeating: 0, count: chunkFrames * channels)  // (time, channels)
            audio.samples.withUnsafeBufferPointer { source in
                while written < frames {
                    let n = min(chunkFrames, frames - written)
                    for i in 0..<(n * channels) {
                        let q = min(max((source[written * channels + i] * scale).rounded(), low), high)
                        chunk[i] = Int32(q) << shift
                    }
                    let got = chunk.withUnsafeBufferPointer {
                        Int(sf_writef_int(file.handle, $0.baseAddress!, sf_count_t(n)))
                    }
                    if got != n { break }
                    written += n
                }
            }
        } else {
            audio.samples.withUnsafeBufferPointer { source in
                while written < frames {
                    let n = min(chunkFrames, frames - written)
                    let got = Int(sf_writef_float(file.handle, source.baseAddress! + written * channels, sf_count_t(n)))
                    if got != n { break }
                    written += n
                }
            }
        }
        guard written == frames, !file.hasError else {
            throw AudioError.writeFailed(destination: name, detail: file.errorMessage)
        }
        sf_write_sync(file.handle)
    }
}
