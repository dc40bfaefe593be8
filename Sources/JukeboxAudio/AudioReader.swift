import CSndFile

#if canImport(Glibc)
    import Glibc
#endif

/// Decodes any format the system's libsndfile reads (WAV, AIFF, FLAC, Ogg Vorbis, Opus,
/// MP3, ...) from a path or from the bytes of a whole file held in memory.
///
/// Every entry point checks `AudioLimits` against the header before decoding, and checks
/// afterwards that the decoder delivered every frame the header announced.
public enum AudioReader {
    /// Frames decoded per `sf_readf_float` call.
    static let chunkFrames = 65_536

    /// Reads the header of the file at `path` (`sf_open` in read mode) without decoding.
    /// - Throws: `AudioError.fileNotFound`, `.notAudio`.
    public static func info(path: String) throws(AudioError) -> AudioInfo {
        try checkReadable(path)
        let file = try SoundFile(readingPath: path)
        return describe(file)
    }

    /// Reads the header of an in-memory file (`sf_open_virtual`) without decoding.
    /// - Throws: `AudioError.notAudio`.
    public static func info(bytes: [UInt8], name: String = "audio data") throws(AudioError) -> AudioInfo {
        let file = try openMemory(bytes, name: name)
        return describe(file)
    }

    /// Decodes the whole file at `path` to interleaved float32 samples.
    /// - Parameters:
    ///   - path: a file in any format libsndfile reads.
    ///   - limits: bounds checked from the header before decoding.
    /// - Throws: `AudioError.fileNotFound`, `.notAudio`, `.noFrames`, `.channelCountOutOfRange`,
    ///   `.sampleRateOutOfRange`, `.tooLong`, `.truncated`.
    public static func read(path: String, limits: AudioLimits = AudioLimits()) throws(AudioError) -> AudioBuffer {
        try checkReadable(path)
        let file = try SoundFile(readingPath: path)
        return try decode(file, source: path, limits: limits)
    }

    /// Decodes a whole audio file held in memory (`sf_open_virtual`), e.g. a primer that
    /// arrived over the socket as base64 file bytes.
    /// - Parameters:
    ///   - bytes: the complete file, header included.
    ///   - name: how messages name this input.
    ///   - limits: bounds checked from the header before decoding.
    /// - Throws: the same errors as `read(path:limits:)` except `.fileNotFound`.
    public static func read(
        bytes: [UInt8], name: String = "audio data", limits: AudioLimits = AudioLimits()
    ) throws(AudioError) -> AudioBuffer {
        let file = try openMemory(bytes, name: name)
        return try decode(file, source: name, limits: limits)
    }

    private static func checkReadable(_ path: String) throws(AudioError) {
        guard access(path, R_OK) == 0 else { throw AudioError.fileNotFound(path: path) }
    }

    static func openMemory(_ bytes: [UInt8], name: String) throws(AudioError) -> SoundFile {
        guard !bytes.isEmpty else { throw AudioError.notAudio(source: name, detail: "no bytes at all") }
        return try SoundFile(memory: MemoryFile(bytes: bytes), mode: Int32(SFM_READ), name: name)
    }

    static func describe(_ file: SoundFile) -> AudioInfo {
        AudioInfo(
            frames: Int(file.info.frames),
            channels: Int(file.info.channels),
            sampleRateHz: Int(file.info.samplerate),
            container: formatName(file.info.format & Int32(SF_FORMAT_TYPEMASK), command: SFC_GET_FORMAT_MAJOR),
            encoding: formatName(file.info.format & Int32(SF_FORMAT_SUBMASK), command: SFC_GET_FORMAT_SUBTYPE),
            tags: AudioTags(of: file))
    }

    /// libsndfile's name for a major format or subtype code, found by walking its tables.
    private static func formatName(_ code: Int32, command: Int) -> String {
        let countCommand = command == SFC_GET_FORMAT_MAJOR ? SFC_GET_FORMAT_MAJOR_COUNT : SFC_GET_FORMAT_SUBTYPE_COUNT
        var count: Int32 = 0
        _ = sf_command(nil, Int32(countCommand), &count, Int32(MemoryLayout<Int32>.size))
        for index in 0..<count {
            var entry = SF_FORMAT_INFO()
            entry.format = index
            _ = sf_command(nil, Int32(command), &entry, Int32(MemoryLayout<SF_FORMAT_INFO>.size))
            if entry.format == code, let name = entry.name { return String(cString: name) }
        }
        return "format 0x" + String(code, radix: 16)
    }

    private static func decode(_ file: SoundFile, source: String, limits: AudioLimits) throws(AudioError)
        -> AudioBuffer
    {
        let info = describe(file)
        try check(info, source: source, limits: limits)
        let lengthKnown = info.frames < Int(Int64.max / 2)
        if let evidence = file.truncationEvidence {
            throw AudioError.truncated(source: source, detail: evidence)
        }
        let frameLimit = limits.maxDurationSeconds.map { Int(($0 * Double(info.sampleRateHz)).rounded(.down)) }
        let samples =
            lengthKnown
            ? try decodeKnownLength(file, frames: info.frames, source: source)
            : try decodeStream(file, frameLimit: frameLimit, source: source, info: info, limits: limits)
        guard !samples.isEmpty else { throw AudioError.noFrames(source: source) }
        let channels = info.channels
        return AudioBuffer(samples: samples, channels: channels, sampleRateHz: info.sampleRateHz)
    }

    /// Decodes exactly `frames` frames; fewer means the file is damaged.
    private static func decodeKnownLength(_ file: SoundFile, frames: Int, source: String) throws(AudioError)
        -> [Float]
    {
        guard frames > 0 else { return [] }
        let channels = Int(file.info.channels)
        var samples = [Float](repeating: 0, count: frames * channels)  // (time, channels)
        var done = 0
        samples.withUnsafeMutableBufferPointer { out in
            while done < frames {
                let want = min(chunkFrames, frames - done)
                let got = Int(sf_readf_float(file.handle, out.baseAddress! + done * channels, sf_count_t(want)))
                if got <= 0 { break }
                done += got
            }
        }
        if done < frames || file.hasError {
            throw AudioError.truncated(
                source: source, detail: "header promises \(frames) frames, decoded \(done)" + file.errorSuffix)
        }
        return samples
    }

    /// Decodes a stream whose length the header does not give (e.g. an Ogg file without a
    /// final page), stopping with `.tooLong` as soon as it passes `frameLimit`.
    private static func decodeStream(
        _ file: SoundFile, frameLimit: Int?, source: String, info: AudioInfo, limits: AudioLimits
    ) throws(AudioError) -> [Float] {
        let channels = info.channels
        var samples: [Float] = []
        var chunk = [Float](repeating: 0, count: chunkFrames * channels)  // (time, channels)
        var done = 0
        while true {
            let got = chunk.withUnsafeMutableBufferPointer {
                Int(sf_readf_float(file.handle, $0.baseAddress!, sf_count_t(chunkFrames)))
            }
            if got <= 0 { break }
            samples.append(contentsOf: chunk[0..<(got * channels)])
            done += got
            if let frameLimit, done > frameLimit, let limit = limits.maxDurationSeconds {
                throw AudioError.tooLong(
                    source: source, durationSeconds: Double(done) / Double(info.sampleRateHz), limitSeconds: limit)
            }
        }
        if file.hasError {
            throw AudioError.truncated(
                source: source, detail: "decoding stopped after \(done) frames" + file.errorSuffix)
        }
        return samples
    }
}
