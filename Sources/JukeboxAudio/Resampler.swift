import CSampleRate

/// Sample-rate conversion with libsamplerate (`src_simple`).
public enum Resampler {
    /// libsamplerate's converters, best first.
    public enum Converter: String, Sendable, CaseIterable {
        /// `SRC_SINC_BEST_QUALITY`: band-limited sinc, 97 dB SNR, 97% bandwidth (the default).
        case sincBest = "sinc-best"
        /// `SRC_SINC_MEDIUM_QUALITY`: 97 dB SNR, 90% bandwidth.
        case sincMedium = "sinc-medium"
        /// `SRC_SINC_FASTEST`: 97 dB SNR, 80% bandwidth.
        case sincFastest = "sinc-fastest"
        /// `SRC_ZERO_ORDER_HOLD`: repeats samples; very fast, poor quality.
        case zeroOrderHold = "zero-order-hold"
        /// `SRC_LINEAR`: linear interpolation; very fast, poor quality.
        case linear = "linear"

        var code: Int32 {
            switch self {
            case .sincBest: Int32(SRC_SINC_BEST_QUALITY)
            case .sincMedium: Int32(SRC_SINC_MEDIUM_QUALITY)
            case .sincFastest: Int32(SRC_SINC_FASTEST)
            case .zeroOrderHold: Int32(SRC_ZERO_ORDER_HOLD)
            case .linear: Int32(SRC_LINEAR)
            }
        }
    }

    /// Converts `audio` to `targetRateHz`, keeping its channels.
    ///
    /// The result has exactly `round(frames * targetRateHz / sampleRateHz)` frames, so the
    /// duration is kept to within one sample; a buffer already at the target rate is returned
    /// unchanged.
    /// - Throws: `AudioError.resampleFailed` with libsamplerate's message (`src_strerror`),
    ///   `.invalidInput` for a non-positive target rate or a ratio libsamplerate cannot do.
    public static func resample(
        _ audio: AudioBuffer, to targetRateHz: Int, converter: Converter = .sincBest
    ) throws(AudioError) -> AudioBuffer {
        guard targetRateHz > 0 else { throw AudioError.invalidInput(detail: "target rate \(targetRateHz) Hz") }
        if audio.sampleRateHz == targetRateHz { return audio }
        let ratio = Double(targetRateHz) / Double(audio.sampleRateHz)
        guard src_is_valid_ratio(ratio) != 0 else {
            throw AudioError.invalidInput(
                detail:
                    "cannot convert \(audio.sampleRateHz) Hz to \(targetRateHz) Hz (ratio out of libsamplerate's range)"
            )
        }
        let channels = audio.channels
        let targetFrames = Int((Double(audio.frames) * ratio).rounded())
        let capacity = targetFrames + 64
        var output = [Float](repeating: 0, count: capacity * channels)  // (time, channels)
        var status: Int32 = 0
        audio.samples.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                var data = SRC_DATA()
                data.data_in = input.baseAddress
                data.input_frames = Int(audio.frames)
                data.data_out = out.baseAddress
                data.output_frames = Int(capacity)
                data.src_ratio = ratio
                data.end_of_input = 1
                status = src_simple(&data, converter.code, Int32(channels))
            }
        }
        guard status == 0 else {
            throw AudioError.resampleFailed(detail: String(cString: src_strerror(status)))
        }
        // libsamplerate may deliver a few frames fewer than the ideal count at the end of
        // input (`output_frames_gen`); the buffer is zero there, so cutting it to
        // `targetFrames` gives the exact length either way.
        output.removeLast((capacity - targetFrames) * channels)
        return AudioBuffer(samples: output, channels: channels, sampleRateHz: targetRateHz)
    }
}

extension AudioBuffer {
    /// The form the models take: the mean of the channels, resampled to `sampleRateHz`
    /// (44,100 Hz for every Jukebox model), float32, as the reference's loader produces.
    /// - Throws: `AudioError.resampleFailed` or `.invalidInput` from `Resampler.resample`.
    public func preparedForModel(
        sampleRateHz target: Int = 44_100, converter: Resampler.Converter = .sincBest
    ) throws(AudioError) -> [Float] {
        try Resampler.resample(mixedToMono(), to: target, converter: converter).samples
    }
}
