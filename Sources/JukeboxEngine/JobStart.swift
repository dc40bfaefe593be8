import JukeboxAudio

/// A spec checked against the models, with the tokens or audio it starts from and the
/// lengths worked out from them: everything ``GenerationRun`` needs before compute starts.
struct JobStart {
    /// The prepared primer (mono, model rate, cut to the top hop), for primed jobs.
    var primer: [Float]?
    /// The source take's tokens per level, for continue and upsample jobs.
    var sourceCodes: [[Int]]?
    /// Raw samples of the result taken from the primer or the source.
    var promptLength = 0
    /// Raw samples of the result.
    var sampleLength = 0
    /// The song's length for the timing conditioning.
    var songLength = 0
    /// Where the result starts in the song.
    var offset = 0

    init(spec: GenerationSpec, pipeline: Pipeline, primer bytes: [UInt8]?, limits: AudioLimits) throws {
        try spec.validate(levelCount: pipeline.levels)
        var sourceTiming: (offset: Int, songLength: Int)? = nil
        let sr = Double(pipeline.vqvae.hyperparameters.sr)
        let hops = pipeline.vqvae.hopLengths
        let top = hops[pipeline.levels - 1]
        let promptCap = spec.promptSeconds.map { Int($0 * sr) / top * top }
        switch spec.mode {
        case .ancestral:
            guard bytes == nil, spec.source == nil else {
                throw EngineError.invalidJob(reason: "an ancestral job takes no primer and no source take")
            }
        case .primed:
            guard let bytes, spec.source == nil else {
                throw EngineError.invalidJob(reason: "a primed job takes a primer and no source take")
            }
            // Decoded to mono chunk by chunk, and only as far as the prompt reaches.
            var samples = try AudioReader.readMono(
                bytes: bytes, name: "the primer", limits: limits, maxSeconds: spec.promptSeconds
            ).preparedForModel(sampleRateHz: Int(sr))
            if let promptCap { samples = Array(samples.prefix(promptCap)) }
            samples.removeLast(samples.count % top)
            guard !samples.isEmpty else {
                throw EngineError.unusablePrimer(
                    reason: "shorter than one top-level token (\(top) samples, \(Double(top) / sr) s)")
            }
            primer = samples
            promptLength = samples.count
        case .continue, .upsample:
            guard bytes == nil, let source = spec.source else {
                throw EngineError.invalidJob(reason: "a \(spec.mode.rawValue) job takes a source take and no primer")
            }
            let sourceFolder = JobFolder(source.folder)
            let sourceRecord = try JobRecord.load(from: sourceFolder)
            let saved = try JobCheckpoint.load(record: sourceRecord, in: sourceFolder)
            sourceTiming = (sourceRecord.offset, sourceRecord.songLength)
            // The tokens files hold the takes still sampled; a dropped take's tokens so far are
            // in its own files (TakeDrop), at the levels it had reached.
            var rows: [[Int]]
            if sourceRecord.droppedTakes.contains(source.take), saved.codes.count == pipeline.levels {
                rows = (0..<pipeline.levels).map {
                    ((try? TakeDrop.tokens(take: source.take, level: $0, in: sourceFolder)) ?? nil) ?? []
                }
            } else if let row = sourceRecord.activeTakes.firstIndex(of: source.take),
                saved.codes.count == pipeline.levels, saved.codes.allSatisfy({ row < $0.count })
            {
                rows = saved.codes.map { $0[row] }
            } else {
                throw EngineError.invalidCodes(
                    level: pipeline.levels - 1, reason: "the source job has no take \(source.take + 1)")
            }
            guard !rows[pipeline.levels - 1].isEmpty else {
                throw EngineError.invalidCodes(level: pipeline.levels - 1, reason: "the source take has no tokens")
            }
            var length = rows[pipeline.levels - 1].count * top
            if spec.mode == .upsample, let first = spec.levels.first {
                // Each level is sampled from the one above it, so the level above the first
                // one asked for must hold the take's whole length.
                let above = first + 1
                guard rows[above].count * hops[above] >= length else {
                    throw EngineError.invalidCodes(
                        level: above,
                        reason: "the source take has \(rows[above].count) tokens at level \(above), not the "
                            + "\(length / hops[above]) that upsampling level \(first) needs; "
                            + "upsample level \(above) first")
                }
            }
            if spec.mode == .continue, let promptCap, promptCap < length {
                guard promptCap > 0 else {
                    throw EngineError.invalidJob(reason: "prompt_seconds keeps less than one top-level token")
                }
                length = promptCap
                for level in rows.indices { rows[level] = Array(rows[level].prefix(length / hops[level])) }
            }
            sourceCodes = rows
            promptLength = length
        }
        let newSamples = spec.mode == .upsample ? 0 : Int(((spec.seconds ?? 0) * sr).rounded(.up))
        sampleLength = (promptLength + newSamples + top - 1) / top * top
        // A take built on an earlier one keeps that song's timing: its audio starts where the
        // source take starts, and the song is at least as long as the source job's.
        offset = spec.offsetSeconds.map { Int($0 * sr) } ?? sourceTiming?.offset ?? 0
        let minimum = max(pipeline.minimumSongLength, sourceTiming?.songLength ?? 0)
        if let song = spec.songSeconds {
            songLength = Int(song * sr)
            guard songLength >= offset + sampleLength else {
                throw EngineError.invalidJob(
                    reason:
                        "song_seconds \(song) is shorter than offset_seconds plus the output "
                        + "(\(Double(offset + sampleLength) / sr) s)"
                )
            }
        } else {
            songLength = max(offset + sampleLength, minimum)
        }
    }
}
