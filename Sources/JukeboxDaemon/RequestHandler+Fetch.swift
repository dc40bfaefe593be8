import JukeboxAudio
import JukeboxEngine
import JukeboxProtocol

extension RequestHandler {
    /// `fetch`: a take's audio at a level (level 0 is the result, higher levels the previews
    /// written when the level finished), or the level's tokens.
    ///
    /// A take or level the job does not make is `not_found`; an output the job has not made
    /// yet (its level has not finished) is `not_ready`. Audio in the other container than
    /// the job's is converted on the way. `"preview":true` gets the take's latest preview (see
    /// ``preview(_:spec:folder:)``). A dropped take's tokens so far can be fetched at every
    /// level it had reached; its audio only at the levels finished before it was dropped.
    func fetch(_ request: FetchRequest, for uid: UInt32) throws -> ReplyBody {
        let known = try book.job(request.job, for: uid)
        let (record, spec) = (known.record, known.spec)
        let job = request.job
        guard request.take < spec.takes else {
            throw DaemonError.outputNotFound(job: job, what: "take \(request.take) (it has \(spec.takes))")
        }
        let folder = JobFolder(store.folder(of: job))
        if request.preview { return try preview(request, spec: spec, folder: folder) }
        // The engine's record says which takes left the tokens files; a job not started has none.
        let dropped = (try? JobRecord.load(from: folder))?.droppedTakes.contains(request.take) ?? false
        guard spec.levels.contains(request.level) else {
            let levels = spec.levels.map(String.init).joined(separator: ", ")
            throw DaemonError.outputNotFound(job: job, what: "level \(request.level) (it samples \(levels))")
        }
        let what = request.tokens ? "tokens of level \(request.level)" : "audio of level \(request.level)"
        guard (request.tokens && dropped) || record.levelsDone.contains(where: { $0.level == request.level }) else {
            throw DaemonError.notReady(job: job, what: what)
        }
        if request.tokens {
            guard let row = try TakeDrop.tokens(take: request.take, level: request.level, in: folder) else {
                throw DaemonError.notReady(job: job, what: what)
            }
            return .tokens(TokensResult(job: job, take: request.take, level: request.level, tokens: row))
        }
        let path = folder.audio(level: request.level, take: request.take, format: spec.format)
        guard var bytes = StateFile.read(path) else {
            if dropped {
                throw DaemonError.outputNotFound(
                    job: job, what: "\(what) for take \(request.take + 1): it was dropped before; fetch its tokens")
            }
            throw DaemonError.notReady(job: job, what: what)
        }
        let stored = spec.format
        let format = request.format ?? stored
        // Decoded whole before it is served: a file cut short or damaged on disk is an error,
        // never audio that silently ends early.
        let audio: AudioBuffer
        do {
            audio = try AudioReader.read(bytes: bytes, name: path, limits: .permissive)
        } catch {
            throw DaemonError.internal(
                reason: "the file of \(what), take \(request.take), is damaged (\(error)); its tokens are intact "
                    + "(fetch with \"tokens\":true)")
        }
        if let seconds = record.durationS, abs(audio.durationSeconds - seconds) > 0.01 {
            throw DaemonError.internal(
                reason:
                    "the file of \(what), take \(request.take), lasts \(audio.durationSeconds) s, not \(seconds) s; "
                    + "it is damaged, but its tokens are intact (fetch with \"tokens\":true)")
        }
        if format != stored {
            // The take's tags (its provenance) go with it into the other container.
            let tags = (try? AudioReader.info(bytes: bytes, name: path).tags) ?? AudioTags()
            bytes = try AudioWriter.encode(audio, format: format == .flac ? .flac(.pcm16) : .wav(.pcm16), tags: tags)
        }
        return .audio(
            AudioResult(
                job: job, take: request.take, level: request.level, format: format, sampleRateHz: audio.sampleRateHz,
                durationS: audio.durationSeconds, audio: bytes))
    }
}

extension RequestHandler {
    /// `fetch` with `"preview":true`: the take's latest preview (its top-level tokens so far,
    /// written after every top-level window), `not_ready` before the first.
    func preview(_ request: FetchRequest, spec: GenerationSpec, folder: JobFolder) throws -> ReplyBody {
        let job = request.job
        let what = "a preview of take \(request.take + 1)"
        let path = folder.preview(take: request.take, format: spec.format)
        guard var bytes = StateFile.read(path) else { throw DaemonError.notReady(job: job, what: what) }
        let audio: AudioBuffer
        do {
            audio = try AudioReader.read(bytes: bytes, name: path, limits: .permissive)
        } catch {
            throw DaemonError.internal(reason: "the file of \(what) is damaged (\(error))")
        }
        let format = request.format ?? spec.format
        if format != spec.format {
            bytes = try AudioWriter.encode(audio, format: format == .flac ? .flac(.pcm16) : .wav(.pcm16))
        }
        return .audio(
            AudioResult(
                job: job, take: request.take, level: spec.levels.first ?? 0, format: format,
                sampleRateHz: audio.sampleRateHz, durationS: audio.durationSeconds, audio: bytes))
    }
}
