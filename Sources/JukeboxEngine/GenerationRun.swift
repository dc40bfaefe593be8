// Port of jukebox/sample.py (sample, _sample, the modes of the sampling script) @ 08efbbc
import Foundation
import JukeboxAudio
import JukeboxModel
import JukeboxTensor
import JukeboxTerms
import JukeboxText
import Synchronization

/// One generation job on a resident pipeline, from its spec to the audio of every take,
/// saving its tokens in the job folder after every window.
///
/// Creating a run checks everything that can be checked before compute starts (lengths,
/// levels, labels, the primer's audio, the source take, the memory budget) and writes
/// nothing. ``prepare()`` writes the folder's `generation.json` and primer; ``run(onEvent:)``
/// samples through the one driver (``Pipeline/sample(_:state:hooks:)``), resuming from the
/// folder's saved window when there is one. ``stop(_:)`` makes a
/// running ``run(onEvent:)`` end within one sampling step with ``EngineError/stopped(_:)``.
public final class GenerationRun: Sendable {
    /// The folder the job lives in.
    public let folder: JobFolder
    /// The spec and the lengths worked out from it (as accepted; the folder's copy also holds progress).
    public let record: JobRecord
    /// The estimated peak memory.
    public let plan: MemoryPlan
    /// The window schedule of each requested level, in the order they run (as accepted).
    public let schedules: [(level: Int, schedule: WindowSchedule)]
    /// The job's events; finished when ``run(onEvent:)`` returns or throws.
    public let events: AsyncStream<GenerationEvent>

    let pipeline: Pipeline
    private let sampling: SamplingPlan
    private let primerBytes: [UInt8]?
    private let primer: [Float]?
    private let sourceCodes: [[Int]]?
    private let signal = StopSignal()
    /// Takes dropped (from 0): all asked for, and those not yet applied to the folder.
    private let drops: Mutex<(all: Set<Int>, pending: [Int])>
    /// Time spent writing previews (``writePreviews(codes:takes:_:)``), in this process.
    let previewTime = Mutex<Duration>(.zero)
    private let continuation: AsyncStream<GenerationEvent>.Continuation

    /// Default chunk of a re-fed prefix, per prior call.
    static let chunkSize = 32
    /// Takes per prior call.
    static let maxBatchSize = 16

    /// A new job.
    /// - Parameters:
    ///   - spec: what to make.
    ///   - folder: the job's folder (created by ``prepare()``).
    ///   - pipeline: the bundle's models.
    ///   - bundleIdentity: the bundle's identity (``BundleIdentity/of(_:)``), recorded and checked on resume.
    ///   - primer: the primer file's bytes, exactly for `GenerationMode.primed`.
    ///   - primerLimits: limits on the primer's audio (duration, channels, rate).
    ///   - memoryBudget: the most bytes the job may need; nil for no limit.
    ///   - origin: who makes the job, stamped into every take (``TakeProvenance``); nil writes no provenance.
    /// - Throws: ``EngineError`` for a job that does not fit (``EngineError/invalidSetting(field:reason:)``
    ///   from ``GenerationSpec/validate(levelCount:)`` first); `AudioError` for a primer that
    ///   does not decode; `TextError` for unknown artists or genres and out-of-range timing.
    public convenience init(
        spec: GenerationSpec, folder: String, pipeline: Pipeline, bundleIdentity: String,
        primer: [UInt8]? = nil, primerLimits: AudioLimits = AudioLimits(), memoryBudget: Int64? = nil,
        origin: JobOrigin? = nil
    ) throws {
        let start = try JobStart(spec: spec, pipeline: pipeline, primer: primer, limits: primerLimits)
        let record = JobRecord(
            spec: spec, bundleIdentity: bundleIdentity, sampleLength: start.sampleLength,
            songLength: start.songLength, offset: start.offset, promptLength: start.promptLength, origin: origin)
        try self.init(
            record: record, folder: JobFolder(folder), pipeline: pipeline,
            primerBytes: primer,
            primer: start.primer, sourceCodes: start.sourceCodes, memoryBudget: memoryBudget)
    }

    /// The job saved in `folder`, to go on from its last finished window.
    /// - Throws: ``EngineError/checkpointFailed(path:reason:)`` for a folder without a readable
    ///   record; ``EngineError/bundleMismatch(expected:found:)``; as the initialiser.
    public static func resume(
        folder: String, pipeline: Pipeline, bundleIdentity: String, memoryBudget: Int64? = nil
    ) throws -> GenerationRun {
        let jobFolder = JobFolder(folder)
        let record = try JobRecord.load(from: jobFolder)
        guard record.bundleIdentity == bundleIdentity else {
            throw EngineError.bundleMismatch(expected: bundleIdentity, found: record.bundleIdentity)
        }
        try record.spec.validate(levelCount: pipeline.levels)
        var primer: [Float]? = nil
        var bytes: [UInt8]? = nil
        var source: [[Int]]? = nil
        if record.progress == nil {
            // Not started: the starting tokens come from the primer or the source job again.
            if record.spec.mode == .primed {
                bytes = FileManager.default.contents(atPath: jobFolder.primer).map { [UInt8]($0) }
                guard let bytes else {
                    throw EngineError.checkpointFailed(path: jobFolder.primer, reason: "missing primer")
                }
                primer = try JobStart(spec: record.spec, pipeline: pipeline, primer: bytes, limits: .permissive).primer
            } else if record.spec.mode == .continue || record.spec.mode == .upsample {
                source = try JobStart(spec: record.spec, pipeline: pipeline, primer: nil, limits: .permissive)
                    .sourceCodes
            }
        }
        return try GenerationRun(
            record: record, folder: jobFolder, pipeline: pipeline, primerBytes: bytes,
            primer: primer, sourceCodes: source, memoryBudget: memoryBudget)
    }

    private init(
        record: JobRecord, folder: JobFolder, pipeline: Pipeline, primerBytes: [UInt8]?,
        primer: [Float]?, sourceCodes: [[Int]]?, memoryBudget: Int64?
    ) throws {
        let spec = record.spec
        self.record = record
        self.folder = folder
        self.pipeline = pipeline
        self.primerBytes = primerBytes
        self.primer = primer
        self.sourceCodes = sourceCodes
        self.drops = Mutex((Set(record.droppedTakes), []))
        let labels = try pipeline.label(
            artist: spec.artist, genre: spec.genreText, lyrics: spec.lyrics, totalLength: record.songLength,
            offset: record.offset)
        self.sampling = SamplingPlan(
            sampleLength: record.sampleLength, levels: spec.levels,
            labels: labels.map { Array(repeating: $0, count: spec.takes) },
            settings: (0..<pipeline.levels).map {
                Self.settings(
                    spec, level: $0, levelCount: pipeline.levels,
                    keyValuePrecision: pipeline.priors[$0].jobKeyValuePrecision)
            })
        let sr = pipeline.vqvae.hyperparameters.sr
        self.plan = MemoryPlan(
            pipeline: pipeline, levels: spec.levels, takes: spec.takes, batch: Self.maxBatchSize,
            chunk: Self.chunkSize, sampleLength: record.sampleLength,
            decodeChunkSamples: Int(Pipeline.codecPieceSeconds * Double(sr)),
            precision: { pipeline.priors[$0].jobKeyValuePrecision })
        try plan.check(budget: memoryBudget)
        // Every level's window schedule is made now, so that settings the schedule cannot
        // use (a hop that rounds to no token, a length no window fits) are refused before
        // anything is written rather than failing the job later.
        let hops = pipeline.vqvae.hopLengths
        var schedules: [(level: Int, schedule: WindowSchedule)] = []
        for level in spec.levels {
            let existing: Int
            switch spec.mode {
            case .primed: existing = record.promptLength / hops[level]
            case .continue: existing = sourceCodes?[level].count ?? 0
            case .ancestral, .upsample: existing = 0
            }
            let sampler = try pipeline.sampler(level: level, settings: sampling.settings[level])
            schedules.append(
                (level, try sampler.schedule(totalTokens: record.sampleLength / hops[level], existingTokens: existing)))
        }
        self.schedules = schedules
        (events, continuation) = AsyncStream.makeStream(
            of: GenerationEvent.self, bufferingPolicy: .bufferingNewest(256))
    }

    /// Asks a running job to stop within one sampling step (from any thread).
    public func stop(_ reason: StopReason) { signal.raise(reason) }

    /// Drops take `take` (from 0; from any thread): at the end of the current window the job
    /// saves, sets the take's tokens aside (``TakeDrop``) and goes on with the other takes at a
    /// smaller batch; before it starts, it starts without the take. A take dropped already,
    /// or the last one left, is ignored: the caller checks (``takesLeft``).
    public func drop(take: Int) {
        drops.withLock { drops in
            guard (0..<record.spec.takes).contains(take), !drops.all.contains(take),
                drops.all.count + 1 < record.spec.takes
            else { return }
            drops.all.insert(take)
            drops.pending.append(take)
        }
    }

    /// Takes still to be sampled: the spec's less those dropped (applied or not yet).
    public var takesLeft: Int { record.spec.takes - drops.withLock { $0.all.count } }

    /// Seconds this process has spent decoding and writing the job's previews.
    public var previewSeconds: Double { previewTime.withLock { $0 } / .seconds(1) }

    /// Whether a drop waits to be applied.
    var dropPending: Bool { drops.withLock { !$0.pending.isEmpty } }

    /// Writes `generation.json` and the primer into the folder (creating it), atomically.
    /// - Throws: ``EngineError/diskFull(path:)``, ``EngineError/checkpointFailed(path:reason:)``.
    public func prepare() throws {
        try AtomicFile.createFolder(folder.path)  // 0750: the folder holds the user's primer and music
        if let primerBytes { try AtomicFile.write(primerBytes, to: folder.primer) }
        try record.save(in: folder)
    }

    /// Samples every requested level and writes the audio, resuming from the folder's last saved window.
    /// - Parameter onEvent: called on this thread with every event (also sent to ``events``).
    /// - Returns: what the job produced.
    /// - Throws: ``EngineError/stopped(_:)`` after ``stop(_:)``; model, label and file errors.
    public func run(onEvent: (@Sendable (GenerationEvent) -> Void)? = nil) throws -> GenerationOutcome {
        defer { continuation.finish() }
        let emit: (GenerationEvent) -> Void = { event in
            onEvent?(event)
            self.continuation.yield(event)
        }
        if !JobRecord.exists(in: folder) { try prepare() }
        while true {
            try applyDrops(emit)
            do { return try sampleAndRender(emit) } catch is DropPending { continue }  // from the saved window
        }
    }

    /// Thrown by the sampling hooks to end a pass at a saved window when a take is to be dropped.
    private struct DropPending: Error {}

    /// Drops the pending takes from the folder (``TakeDrop``), one at a time.
    private func applyDrops(_ emit: (GenerationEvent) -> Void) throws {
        for take in drops.withLock({ $0.pending }) {
            let before = try JobRecord.load(from: folder).activeTakes.count
            let after = try TakeDrop.apply(take: take, in: folder).activeTakes.count
            drops.withLock { $0.pending.removeAll { $0 == take } }
            if after < before { emit(.takeDropped(take: take, remaining: after)) }
        }
    }

    private func sampleAndRender(_ emit: @escaping (GenerationEvent) -> Void) throws -> GenerationOutcome {
        let spec = record.spec
        let hops = pipeline.vqvae.hopLengths
        var saved = try JobRecord.load(from: folder)
        guard saved.bundleIdentity == record.bundleIdentity else {
            throw EngineError.bundleMismatch(expected: record.bundleIdentity, found: saved.bundleIdentity)
        }
        let active = saved.activeTakes
        var sampling = self.sampling
        sampling.labels = sampling.labels.map { Array($0.prefix(active.count)) }
        var state: SamplingState
        if saved.progress != nil {
            state = try JobCheckpoint.load(record: saved, in: folder)
        } else {
            emit(.progress(GenerationProgress(stage: .encode, completed: 0, total: 1)))
            defer { pipeline.weightFiles.releaseCodec() }  // sampling uses the priors only
            let codes = try startingCodes().map { rows in rows.count == spec.takes ? active.map { rows[$0] } : rows }
            state = SamplingState(codes: codes, generator: SeededGenerator(seed: spec.seed))
            emit(.progress(GenerationProgress(stage: .encode, completed: 1, total: 1)))
            saved = try JobCheckpoint.save(state, record: saved, in: folder)
        }
        let totals = hops.map { record.sampleLength / $0 }
        var meter = ProgressMeter(
            priors: pipeline.priors.map(\.hyperparameters), takes: active.count, totalTokens: totals)
        var windowCount = 0
        var window = 0
        var windowStart = 0
        let signal = self.signal
        let folder = self.folder
        let report: (Int, Int, Bool) -> Void = { level, completed, force in
            guard meter.due(force: force) else { return }
            let (rate, eta) = meter.estimate(completed: completed)
            emit(
                .progress(
                    GenerationProgress(
                        stage: .sample, level: level, window: min(window + 1, windowCount), windows: windowCount,
                        completed: completed, total: totals[level], tokensPerSecond: rate, etaSeconds: eta)))
        }
        let hooks = SamplingHooks(
            levelStarted: { level, schedule, state in
                try signal.check()
                let position = spec.levels.firstIndex(of: level) ?? 0
                meter.pending = spec.levels.dropFirst(position + 1).map { ($0, state.codes[$0].first?.count ?? 0) }
                let existing = state.codes[level].first?.count ?? 0
                meter.begin(level: level, existing: existing)
                windowCount = schedule.windows.count
                // Windows inside the tokens present are skipped.
                window = schedule.windows.firstIndex { !$0.skipped } ?? windowCount
                windowStart = existing
                report(level, existing, true)
            },
            token: { level, done, _ in
                try signal.check()
                report(level, windowStart + done, false)
            },
            windowDone: { windowReport, state in
                saved = try JobCheckpoint.save(state, record: saved, in: folder, levels: [windowReport.level])
                window = windowReport.index + 1
                windowStart = state.codes[windowReport.level].first?.count ?? 0
                try signal.check()  // saved; a stopped job reports nothing more
                if windowReport.level == self.pipeline.levels - 1 {
                    try self.writePreviews(codes: state.codes[windowReport.level], takes: active, emit)
                }
                report(windowReport.level, windowStart, true)
                if self.dropPending { throw DropPending() }
            },
            levelDone: { level, state in
                if self.dropPending { throw DropPending() }
                // A level finished before a resume is on disk already; only a new completion is saved.
                if saved.progress?.completedLevels.contains(level) != true {
                    saved = try JobCheckpoint.save(state, record: saved, in: folder, levels: [])
                }
                emit(
                    .levelDone(
                        level: level,
                        files: try self.render(level: level, codes: state.codes[level], takes: active, emit)))
            })
        try pipeline.sample(sampling, state: &state, hooks: hooks)
        let last = spec.levels.last ?? 0
        let counts = state.codes.map { $0.first?.count ?? 0 }
        return GenerationOutcome(
            files: active.map { JobFolder.audioName(level: last, take: $0, format: spec.format) },
            lastLevel: last, tokenCounts: counts,
            seconds: Double(counts[last] * hops[last]) / Double(pipeline.vqvae.hyperparameters.sr))
    }

    /// The sampling settings of `level` for `spec`: the one place a spec's top-first lists are
    /// read by level.
    private static func settings(
        _ spec: GenerationSpec, level: Int, levelCount: Int, keyValuePrecision: KeyValuePrecision
    ) -> LevelSettings {
        var settings = LevelSettings(
            temperature: Float(GenerationSpec.perLevel(spec.temperatures, level: level, levelCount: levelCount)),
            topK: spec.topK, topP: Float(spec.topP ?? 0), chunkSize: chunkSize, maxBatchSize: maxBatchSize,
            hopFraction: GenerationSpec.perLevel(spec.hopFractions, level: level, levelCount: levelCount))
        settings.sampling.keyValuePrecision = keyValuePrecision
        return settings
    }

    /// Decodes a level's tokens and writes one file per take; returns the file names.
    /// - Parameter takes: the take (from 0) of each row of `codes`.
    private func render(
        level: Int, codes: [[Int]], takes: [Int], _ emit: (GenerationEvent) -> Void
    ) throws -> [String] {
        let spec = record.spec
        let names = takes.map { JobFolder.audioName(level: level, take: $0, format: spec.format) }
        if names.allSatisfy({ FileManager.default.fileExists(atPath: folder.path + "/" + $0) }) { return names }
        let sr = pipeline.vqvae.hyperparameters.sr
        let piece = max(1, Int(Pipeline.codecPieceSeconds * Double(sr)) / pipeline.vqvae.hopLengths[level])
        let format: AudioFileFormat = spec.format == .flac ? .flac(.pcm16) : .wav(.pcm16)
        defer { pipeline.weightFiles.releaseCodec() }  // the next level samples with its prior
        for (row, take) in takes.enumerated() {
            emit(.progress(GenerationProgress(stage: .decode, level: level, completed: row, total: takes.count)))
            // One take at a time: the same samples as a batch, and each piece's activations stay
            // small enough (under 64 MiB) for the heap to reuse them (see HeapPolicy).
            let audio = try pipeline.vqvae.decode([codes[row]], level: level, chunkCodes: piece)  // (1, 1, time)
            emit(.progress(GenerationProgress(stage: .write, level: level, completed: row, total: takes.count)))
            let decoded = audio.floats()
            guard decoded.allSatisfy(\.isFinite) else {
                throw ModelError.nonFinite(detail: "the audio decoded from level \(level), take \(take + 1)")
            }
            let samples = decoded.map { min(max($0, -1), 1) }
            let provenance = try TakeProvenance.writeSidecar(
                record: record, folder: folder, take: take, level: level, sampleRateHz: sr)
            let bytes = try AudioWriter.encode(
                AudioBuffer(samples: samples, channels: 1, sampleRateHz: sr), format: format,
                tags: provenance?.tags ?? AudioTags())
            try AtomicFile.write(bytes, to: folder.path + "/" + names[row])
        }
        emit(.progress(GenerationProgress(stage: .write, level: level, completed: takes.count, total: takes.count)))
        return names
    }

    /// Tokens every level starts from, by mode (the primer is encoded here).
    private func startingCodes() throws -> [[[Int]]] {
        let spec = record.spec
        switch spec.mode {
        case .ancestral:
            return try pipeline.startingCodes(mode: .ancestral, takes: spec.takes, levels: spec.levels)
        case .primed:
            guard let primer else { throw EngineError.unusablePrimer(reason: "no primer audio") }
            return try pipeline.startingCodes(
                mode: .primed, takes: spec.takes, primer: Tensor(primer, shape: [1, 1, primer.count]),
                levels: spec.levels)
        case .continue, .upsample:
            guard let sourceCodes else { throw EngineError.invalidJob(reason: "no source take") }
            return try pipeline.startingCodes(
                mode: spec.mode, takes: spec.takes, source: sourceCodes.map { [$0] }, levels: spec.levels)
        }
    }
}
