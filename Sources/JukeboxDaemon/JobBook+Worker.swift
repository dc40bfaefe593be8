import Foundation
import JukeboxEngine
import JukeboxProtocol

/// The worker's side of the book: the next job, its events, how it ended, and the shutdown.
extension JobBook {
    /// A job handed to the worker.
    struct NextJob: Sendable {
        let id: JobID
        /// The model's folder name.
        let model: String
        /// The run made at submit; nil for a job to resume from its folder.
        let run: GenerationRun?
        /// The fields of its log lines.
        let logFields: JobLogFields
    }

    /// The next job, marked running (and written so before it is returned, so that a crash
    /// while it runs counts in ``DaemonJobRecord/startsWithoutProgress``); waits while the
    /// queue is empty. Nil once the daemon is stopping.
    func next() -> NextJob? {
        while true {
            work.wait()
            enum Outcome {
                case job(NextJob, JournalReceipt)
                case again, stop
            }
            let outcome = state.withLock { state -> Outcome in
                if state.stopping { return .stop }
                guard !state.queue.isEmpty else { return .again }
                let id = state.queue.removeFirst()
                guard var entry = state.entries[id] else { return .again }
                entry.record.state = .running
                entry.record.startsWithoutProgress += 1
                if entry.record.startedUnixS == nil { entry.record.startedUnixS = Self.now() }
                state.entries[id] = entry
                state.running = id
                let receipt = enqueue(entry.record, log: "job \(id): queued -> running")
                return .job(
                    NextJob(id: id, model: entry.record.model, run: entry.run, logFields: entry.record.logFields),
                    receipt)
            }
            switch outcome {
            case .job(let job, let receipt):
                receipt.wait()
                return job
            case .again: continue
            case .stop: return nil
            }
        }
    }

    /// Hands the worker's run of job `id` to the book (so `cancel` and shutdown can stop it).
    /// - Parameter estimate: What the job should take, for a job that had none (resumed).
    /// - Returns: false when the job must not start (cancelled, or the daemon is stopping);
    ///   the run has then been told to stop.
    func started(_ id: JobID, run: GenerationRun, sampleRateHz: Int, estimate: WorkEstimate? = nil) -> Bool {
        state.withLock { state in
            guard var entry = state.entries[id] else { return false }
            entry.run = run
            for take in entry.record.droppedTakes { run.drop(take: take) }  // applied before it samples on
            entry.estimate = entry.estimate ?? estimate
            entry.startedAt = .now
            entry.levelMark = .now
            if entry.durationS == nil {
                entry.durationS = Double(run.record.sampleLength) / Double(sampleRateHz)
            }
            state.entries[id] = entry
            if let reason = entry.stopRequested ?? (state.stopping ? .shutdown : nil) {
                run.stop(reason)
                return false
            }
            return true
        }
    }

    /// Passes an engine event of job `id` on: progress to the feed (a saved window also
    /// clears the job's count of starts without progress, written without waiting); a
    /// finished level is written, then announced, before this returns.
    func event(_ id: JobID, _ event: GenerationEvent) {
        let receipt = state.withLock { state -> JournalReceipt? in
            guard var entry = state.entries[id], entry.record.state == .running else { return nil }
            defer { state.entries[id] = entry }
            switch event {
            case .progress(let progress):
                let wire = EventMapping.progress(progress, job: id)
                let previous = entry.lastProgress
                entry.lastProgress = wire
                feed.progress(wire, of: id)
                if let previous, wire.stage == .sample, previous.stage == .sample, previous.level == wire.level,
                    (wire.window ?? 0) > (previous.window ?? 0), entry.record.startsWithoutProgress != 0
                {
                    entry.record.startsWithoutProgress = 0  // a window was saved
                    _ = enqueue(entry.record)
                }
                return nil
            case .levelDone(let level, _):
                let duration = entry.durationS ?? 0
                let now = ContinuousClock.now
                let compute = entry.levelMark.map { (now - $0) / .seconds(1) }
                entry.levelMark = now
                entry.record.levelsDone.append(.init(level: level, durationS: duration, computeS: compute))
                entry.record.startsWithoutProgress = 0
                let done = LevelDoneEvent(job: id, level: level, durationS: duration)
                return enqueue(entry.record, log: "job \(id): level \(level) done") { feed in
                    feed.publish(.levelDone(done), of: id)
                }
            case .preview(let take, let seconds, _):
                let preview = PreviewEvent(job: id, take: take, level: entry.spec.levels.first ?? 0, durationS: seconds)
                feed.publish(.preview(preview), of: id)
                return nil
            case .takeDropped(let take, let remaining):
                log(
                    "job \(id): take \(take + 1) set aside at a saved window; \(remaining) takes go on",
                    job: entry.record.logFields)
                return nil
            }
        }
        receipt?.wait()
    }

    /// Tells job `id`'s watchers that it pauses (a full disk) and will be tried again.
    func paused(_ id: JobID, error: ErrorReply, retry: Duration) {
        let running = state.withLock { state -> JobLogFields? in
            guard let record = state.entries[id]?.record, record.state == .running else { return nil }
            let event = PausedEvent(job: id, error: error, retryS: retry / .seconds(1))
            feed.publish(.paused(event), of: id)
            return record.logFields
        }
        if let running {
            log("job \(id): paused: \(error.code.rawValue): \(error.message); trying again in \(retry)", job: running)
        }
    }

    /// Waits `delay` before a paused job `id` is tried again.
    /// - Returns: false when it must not be: cancelled meanwhile, or the daemon is stopping.
    func waitToRetry(_ id: JobID, after delay: Duration) -> Bool {
        let deadline = ContinuousClock.now + delay
        while true {
            let goOn = state.withLock { state in !state.stopping && state.entries[id]?.record.state == .running }
            guard goOn else { return false }
            if ContinuousClock.now >= deadline { return true }
            usleep(100_000)
        }
    }

    /// Records how the worker's run of job `id` ended; returns once that is written and sent.
    /// - Parameter result: The outcome, or the error `run` threw.
    func finished(_ id: JobID, _ result: Result<GenerationOutcome, any Error>) {
        enum Outcome {
            case written(JournalReceipt)
            case stopped(JobState, JobLogFields)
            case unknown
        }
        let outcome = state.withLock { state -> Outcome in
            state.running = nil
            guard var entry = state.entries[id] else { return .unknown }
            let previews = entry.run?.previewSeconds ?? 0
            let ran = entry.startedAt.map { (ContinuousClock.now - $0) / .seconds(1) } ?? 0
            entry.run = nil
            defer { state.entries[id] = entry }
            guard entry.record.state == .running else { return .stopped(entry.record.state, entry.record.logFields) }
            let last: ReplyBody
            let line: String
            switch result {
            case .success(let outcome):
                entry.record.state = .done
                entry.record.durationS = outcome.seconds
                entry.record.finishedUnixS = Self.now()
                // What was made decides: a drop asked for after the last window did not apply.
                let spec = entry.spec
                entry.record.droppedTakes = (0..<spec.takes).filter { take in
                    !outcome.files.contains(
                        JobFolder.audioName(level: outcome.lastLevel, take: take, format: spec.format))
                }
                last = .done(
                    DoneEvent(
                        job: id, takes: entry.spec.takes, durationS: outcome.seconds, level: outcome.lastLevel,
                        times: entry.record.times, droppedTakes: entry.record.droppedTakes))
                line =
                    "job \(id): running -> done (\(outcome.files.count) takes of \(outcome.seconds) s; ran "
                    + String(format: "%.2f", ran) + " s, of which previews " + String(format: "%.2f", previews) + " s)"
            case .failure(EngineError.stopped(.shutdown)):
                // Stays "running" on disk: the next start resumes it from its last window. A
                // shutdown is no crash: the count of starts without progress is cleared.
                entry.record.startsWithoutProgress = 0
                let reply = ErrorReply(
                    code: .shuttingDown, message: "the daemon is stopping; job \(id) resumes when it restarts")
                return .written(
                    enqueue(entry.record, log: "job \(id): interrupted by shutdown; resumes at the next start") {
                        feed in feed.finish(id, with: .error(reply))
                    })
            case .failure(EngineError.stopped(.cancel)):
                entry.record.state = .cancelled
                last = .cancelled(job: id)
                line = "job \(id): running -> cancelled"
            case .failure(let error):
                let reply = WireErrors.reply(for: error)
                entry.record.fail(reply)
                last = .failed(FailedEvent(job: id, error: reply))
                line = "job \(id): running -> failed: \(reply.code.rawValue): \(reply.message)"
            }
            entry.record.finishedUnixS = Self.now()
            return .written(enqueue(entry.record, log: line) { feed in feed.finish(id, with: last) })
        }
        switch outcome {
        case .written(let receipt): receipt.wait()
        case .stopped(let ended, let fields): log("job \(id): stopped (\(ended.rawValue))", job: fields)
        case .unknown: break
        }
    }

    /// Starts the shutdown: no new jobs, the running one stops at its next sampling step (it
    /// stays resumable), queued jobs stay queued on disk; watchers of queued jobs get
    /// `shutting_down`. The worker's ``next()`` returns nil.
    func beginShutdown() {
        state.withLock { state in
            guard !state.stopping else { return }
            state.stopping = true
            if let id = state.running, let run = state.entries[id]?.run { run.stop(.shutdown) }
            let reply = ErrorReply(
                code: .shuttingDown, message: "the daemon is stopping; the job resumes when it restarts")
            for id in state.queue { feed.finish(id, with: .error(reply)) }
        }
        work.signal()
    }
}
