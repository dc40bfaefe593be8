import CSndFile

extension AudioReader {
    /// Seconds decoded past a requested length, so that resampling the cut audio gives the
    /// same samples as resampling the whole file up to that length (the resampler's filter
    /// reaches a few thousand input frames at most).
    public static let resamplingMarginSeconds = 0.5

    /// Decodes an untrusted audio file held in memory to one channel, without ever holding
    /// more than a chunk of its channels: each chunk is mixed to mono as it is decoded (the
    /// mean of the channels, as ``AudioBuffer/mixedToMono()``), and decoding stops after
    /// `maxSeconds` (plus ``resamplingMarginSeconds``). A primer sent as a small compressed
    /// file with many channels at a high rate therefore costs memory for one channel of the
    /// part that is used, and time for that part only.
    ///
    /// - Parameters:
    ///   - bytes: the complete file, header included.
    ///   - name: how messages name this input.
    ///   - limits: bounds checked from the header before decoding: duration, channels, rate,
    ///     and ``AudioLimits/maxDecodedSamples`` (frames times channels that will be decoded).
    ///   - maxSeconds: the most audio wanted, nil for all of it.
    /// - Returns: mono audio at the file's rate.
    /// - Throws: the errors of ``read(bytes:name:limits:)``; `.notAudio` for NaN or infinite
    ///   samples (float files), and `.tooManySamples` when the samples to decode pass the limit.
    public static func readMono(
        bytes: [UInt8], name: String = "audio data", limits: AudioLimits = AudioLimits(), maxSeconds: Double? = nil
    ) throws(AudioError) -> AudioBuffer {
        let file = try openMemory(bytes, name: name)
        let info = describe(file)
        try check(info, source: name, limits: limits)
        if let evidence = file.truncationEvidence { throw AudioError.truncated(source: name, detail: evidence) }
        let lengthKnown = info.frames < Int(Int64.max / 2)
        let rate = Double(info.sampleRateHz)
        let wanted = maxSeconds.map { Int((($0 + resamplingMarginSeconds) * rate).rounded(.up)) } ?? Int.max
        let durationCap = limits.maxDurationSeconds.map { Int(($0 * rate).rounded(.down)) } ?? Int.max
        let sampleCap = limits.maxDecodedSamples.map { $0 / info.channels } ?? Int.max
        let needed = min(wanted, lengthKnown ? info.frames : Int.max)
        if lengthKnown, needed > sampleCap, let limit = limits.maxDecodedSamples {
            throw AudioError.tooManySamples(source: name, samples: needed * info.channels, limit: limit)
        }
        let frameCap = min(needed, durationCap, sampleCap)
        let mono = try decodeMono(file, frameCap: frameCap, channels: info.channels, source: name)
        if lengthKnown, wanted >= info.frames, mono.count < info.frames {
            throw AudioError.truncated(
                source: name, detail: "header promises \(info.frames) frames, decoded \(mono.count)" + file.errorSuffix)
        }
        if !lengthKnown, mono.count == frameCap, frameCap < wanted, hasMoreFrames(file, channels: info.channels) {
            if frameCap == sampleCap, let limit = limits.maxDecodedSamples {
                throw AudioError.tooManySamples(source: name, samples: (frameCap + 1) * info.channels, limit: limit)
            }
            throw AudioError.tooLong(
                source: name, durationSeconds: Double(mono.count + 1) / rate,
                limitSeconds: limits.maxDurationSeconds ?? 0)
        }
        guard !mono.isEmpty else { throw AudioError.noFrames(source: name) }
        return AudioBuffer(samples: mono, channels: 1, sampleRateHz: info.sampleRateHz)
    }

    /// Checks the header's channels, rate and duration against `limits`.
    static func check(_ info: AudioInfo, source: String, limits: AudioLimits) throws(AudioError) {
        guard limits.channelRange.contains(info.channels) else {
            throw AudioError.channelCountOutOfRange(
                source: source, channels: info.channels, allowed: limits.channelRange)
        }
        guard limits.sampleRateRange.contains(info.sampleRateHz) else {
            throw AudioError.sampleRateOutOfRange(
                source: source, sampleRateHz: info.sampleRateHz, allowed: limits.sampleRateRange)
        }
        let lengthKnown = info.frames < Int(Int64.max / 2)
        if lengthKnown, let limit = limits.maxDurationSeconds, info.durationSeconds > limit {
            throw AudioError.tooLong(source: source, durationSeconds: info.durationSeconds, limitSeconds: limit)
        }
    }

    /// Decodes up to `frameCap` frames, mixing each chunk to mono as it comes.
    private static func decodeMono(_ file: SoundFile, frameCap: Int, channels: Int, source: String) throws(AudioError)
        -> [Float]
    {
        let chunkFrames = max(256, min(Self.chunkFrames, (1 << 20) / channels))  // at most 4 MiB of chunk
        var chunk = [Float](repeating: 0, count: chunkFrames * channels)  // (time, channels)
        var mono: [Float] = []
        let divisor = Float(channels)
        var finite = true
        while mono.count < frameCap {
            let want = min(chunkFrames, frameCap - mono.count)
            let got = chunk.withUnsafeMutableBufferPointer {
                Int(sf_readf_float(file.handle, $0.baseAddress!, sf_count_t(want)))
            }
            if got <= 0 { break }
            chunk.withUnsafeBufferPointer { source in
                for t in 0..<got {
                    var sum: Float = 0
                    for c in 0..<channels { sum += source[t * channels + c] }
                    let value = sum / divisor  // exact for one channel
                    finite = finite && value.isFinite
                    mono.append(value)
                }
            }
        }
        guard finite else { throw AudioError.notAudio(source: source, detail: "it holds NaN or infinite samples") }
        if file.hasError {
            throw AudioError.truncated(
                source: source, detail: "decoding stopped after \(mono.count) frames" + file.errorSuffix)
        }
        return mono
    }

    /// Whether the stream has at least one more frame (reads it).
    private static func hasMoreFrames(_ file: SoundFile, channels: Int) -> Bool {
        var frame = [Float](repeating: 0, count: channels)
        return frame.withUnsafeMutableBufferPointer { sf_readf_float(file.handle, $0.baseAddress!, 1) } > 0
    }
}
