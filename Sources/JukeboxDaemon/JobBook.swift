import Dispatch
import Foundation
import JukeboxEngine
import JukeboxProtocol
import Synchronization

/// Every job the daemon knows, the queue, and the watchers of each job: the one place job
/// state changes, under one lock.
///
/// Each change is written to the job's `job.json` before it is announced, logged as one
/// line, and sent to the job's watchers without waiting (``Watcher/deliver(_:)``): a slow or
/// vanished watcher is dropped, never waited for.
final class JobBook: Sendable {
    /// One job in memory.
    struct Entry {
        var record: DaemonJobRecord
        var watchers: [Watcher] = []
        /// The engine's run, once created (at submit, or when the worker resumes the job).
        var run: GenerationRun?
        /// Seconds of audio per take, once known.
        var durationS: Double?
        /// The last progress, for `status`, `STATUS=` and new watchers.
        var lastProgress: ProgressEvent?
        /// When progress was last sent to watchers.
        var lastSent: ContinuousClock.Instant?
        /// A stop asked for before the worker had the run.
        var stopRequested: StopReason?
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var queue: [String] = []
        var running: String?
        var nextSequence = 0
        var stopping = false
    }

    /// The most jobs queued or running (`queue_limit`).
    let limit: Int
    private let store: JobStore
    private let log: DaemonLog
    private let state = Mutex(State())
    /// Signalled once per queued job and once at shutdown.
    private let work = DispatchSemaphore(value: 0)
    /// The least time between two progress events to watchers (the engine throttles too).
    static let progressInterval = Duration.milliseconds(200)

    /// The book of the jobs in `store`; jobs that were queued or running when the daemon
    /// stopped are queued again (the running one first), to resume from their folders. A job
    /// that was running when the daemon died twice in a row without saving a window in between
    /// (``DaemonJobRecord/startsWithoutProgress``) is failed with `crashed` instead: resuming
    /// it would most likely take the daemon down again.
    init(store: JobStore, limit: Int, log: DaemonLog) {
        self.store = store
        self.limit = limit
        self.log = log
        let records = store.loadAll()
        var resumed = 0
        state.withLock { state in
            for record in records {
                state.entries[record.id] = Entry(record: record, durationS: record.durationS)
                state.nextSequence = max(state.nextSequence, record.sequence + 1)
            }
            var running: [String] = []
            for record in records where record.jobState == .running {
                let starts = record.startsWithoutProgress ?? 0
                guard starts >= DaemonJobRecord.maxStartsWithoutProgress else {
                    running.append(record.id)
                    continue
                }
                var failed = record
                failed.fail(WireErrors.reply(for: DaemonError.crashed(times: starts)))
                failed.finishedUnixS = Self.now()
                do { try store.save(failed) } catch { log("job \(record.id): \(error)") }
                state.entries[record.id]?.record = failed
                log(
                    "job \(record.id): running -> failed: crashed: the daemon died \(starts) times while running it "
                        + "without progress")
            }
            let order = running + records.filter { $0.jobState == .queued }.map(\.id)
            for id in order {
                state.entries[id]!.record.jobState = .queued
                state.queue.append(id)
            }
            resumed = order.count
        }
        for _ in 0..<resumed { work.signal() }
        if !records.isEmpty {
            log("\(records.count) jobs in \(store.root), \(resumed) to resume")
        }
    }

    // MARK: Queries

    /// The folder of job `id`.
    func folder(of id: String) -> String { store.folder(of: id) }

    /// A new unused job id.
    func newID() -> String { store.newID() }

    /// Removes the folder of a job that was refused half-way.
    func discard(_ id: String) { store.discard(id) }

    /// Whether the daemon is stopping.
    var isStopping: Bool { state.withLock { $0.stopping } }

    /// Jobs queued and running (0 or 1).
    var counts: (queued: Int, running: Int) {
        state.withLock { ($0.queue.count, $0.running == nil ? 0 : 1) }
    }

    /// Throws when a submit must be refused before any work: stopping or full.
    func checkRoom() throws(DaemonError) {
        try state.withLock { state throws(DaemonError) in try Self.checkRoom(state, limit: limit) }
    }

    /// The record of job `id` if `uid` may see it (its owner, or root).
    /// - Throws: ``DaemonError/jobNotFound(_:)``.
    func record(_ id: JobID, for uid: UInt32) throws(DaemonError) -> DaemonJobRecord {
        try state.withLock { state throws(DaemonError) in try Self.visible(state, id, uid).record }
    }

    /// The jobs `uid` may see (all for root), oldest first.
    func summaries(for uid: UInt32) -> [JobSummary] {
        state.withLock { state in
            state.entries.values.map(\.record).filter { uid == 0 || $0.owner == uid }.sorted { $0.sequence < $1.sequence }
                .map { record in
                    JobSummary(
                        job: record.jobID, state: record.jobState, model: record.model,
                        mode: GenerationMode(rawValue: record.mode) ?? .ancestral, takes: record.takes,
                        queuePosition: state.queue.firstIndex(of: record.id), createdUnixS: record.createdUnixS)
                }
        }
    }

    /// Estimated working memory of the running job beyond its weights, in bytes.
    var runningJobBytes: Int64 {
        state.withLock { state in
            guard let id = state.running, let plan = state.entries[id]?.run?.plan else { return 0 }
            return plan.totalBytes - plan.weightBytes
        }
    }

    /// One line for systemd's `STATUS=`: the running job and its progress, and the queue.
    var statusLine: String {
        state.withLock { state in
            var text = "\(state.queue.count) queued"
            if let id = state.running {
                text = "job \(id)"
                if let progress = state.entries[id]?.lastProgress {
                    text += ": \(progress.stage.rawValue)"
                    if let level = progress.level { text += " level \(level)" }
                    if progress.total > 0 { text += " \(progress.completed * 100 / progress.total)%" }
                    if let eta = progress.etaS { text += ", about \(Int(eta)) s left" }
                }
                text += "; \(state.queue.count) queued"
            }
            return state.stopping ? "stopping; " + text : text
        }
    }

    // MARK: Requests

    /// Accepts a validated and prepared job: saves its record and queues it.
    /// - Parameters:
    ///   - record: The new record (state queued; the sequence is filled in here).
    ///   - run: The engine's run, already prepared in the job's folder.
    ///   - sampleRateHz: The model's sample rate.
    ///   - watcher: The submitting request when it watches; it receives `accepted` first.
    /// - Returns: The `accepted` event.
    /// - Throws: ``DaemonError/busy(limit:)``, ``DaemonError/shuttingDown``, or a state write failure.
    func submit(_ record: DaemonJobRecord, run: GenerationRun, sampleRateHz: Int, watcher: Watcher?) throws(DaemonError)
        -> AcceptedEvent
    {
        let accepted = try state.withLock { state throws(DaemonError) -> AcceptedEvent in
            try Self.checkRoom(state, limit: limit)
            var record = record
            record.sequence = state.nextSequence
            try store.save(record)
            state.nextSequence += 1
            var entry = Entry(record: record, run: run)
            entry.durationS = Double(run.record.sampleLength) / Double(sampleRateHz)
            let event = AcceptedEvent(
                job: record.jobID, queuePosition: state.queue.count, seed: Int64(bitPattern: record.spec.seed))
            if let watcher {
                watcher.deliverReply(.accepted(event))
                entry.watchers.append(watcher)
            }
            state.entries[record.id] = entry
            state.queue.append(record.id)
            log(
                "job \(record.id) uid=\(record.owner) model=\(record.model) mode=\(record.mode) "
                    + "takes=\(record.takes): queued at position \(event.queuePosition)")
            return event
        }
        work.signal()
        return accepted
    }

    /// Streams job `id` to `watcher` from now: a queued job's `accepted` (with its current
    /// place), a running job's last progress, then its events; a finished job's last event at once.
    /// - Throws: ``DaemonError/jobNotFound(_:)`` (the watcher is dropped).
    func watch(_ id: JobID, for uid: UInt32, watcher: Watcher) throws(DaemonError) {
        do {
            try state.withLock { state throws(DaemonError) in
                let entry = try Self.visible(state, id, uid)
                if let last = Self.lastEvent(of: entry) {
                    watcher.finish(last)
                    return
                }
                if let position = state.queue.firstIndex(of: id.rawValue) {
                    watcher.deliverReply(
                        .accepted(
                            AcceptedEvent(
                                job: id, queuePosition: position, seed: Int64(bitPattern: entry.record.spec.seed))))
                } else if let progress = entry.lastProgress {
                    _ = watcher.deliver(.progress(progress))
                }
                state.entries[id.rawValue]!.watchers.append(watcher)
            }
        } catch {
            watcher.drop()
            throw error
        }
    }

    /// Cancels job `id`: a queued job leaves the queue (its prepared run and its primer, in
    /// memory and in its folder, are dropped), a running one is told to stop within one
    /// sampling step. Its state becomes `cancelled` at once, in memory even when `job.json`
    /// cannot be written (a full disk: the record is written at the next chance, and a
    /// restart finds the job queued or running and resumes it); watchers get `cancelled`.
    /// Cancelling a cancelled job again does nothing.
    /// - Throws: ``DaemonError/jobNotFound(_:)``; ``DaemonError/invalidField(field:reason:)`` for
    ///   a job that is done or failed.
    func cancel(_ id: JobID, for uid: UInt32) throws(DaemonError) {
        try state.withLock { state throws(DaemonError) in
            let entry = try Self.visible(state, id, uid)
            switch entry.record.jobState {
            case .cancelled:
                return
            case .done, .failed:
                throw .invalidField(
                    field: "job", reason: "job \(id) has already ended (\(entry.record.state)); nothing to cancel")
            case .queued, .running:
                break
            }
            state.queue.removeAll { $0 == id.rawValue }
            var updated = entry
            updated.record.jobState = .cancelled
            updated.record.finishedUnixS = Self.now()
            do {
                try store.save(updated.record)
            } catch {
                log("job \(id): cancelled, but its record could not be written: \(error)")
            }
            if state.running == id.rawValue {
                if let run = updated.run { run.stop(.cancel) } else { updated.stopRequested = .cancel }
            } else {
                updated.run = nil  // a queued job's prepared primer goes with it
                store.dropPrimer(of: id.rawValue)
            }
            for watcher in updated.watchers { watcher.finish(.cancelled(job: id)) }
            updated.watchers = []
            state.entries[id.rawValue] = updated
            log("job \(id): \(entry.record.state) -> cancelled by uid \(uid)")
        }
    }

    // MARK: The worker's side

    /// The next job to run, marked running; waits while the queue is empty. Nil once the
    /// daemon is stopping.
    func next() -> (id: String, entry: Entry)? {
        while true {
            work.wait()
            enum Outcome { case job(String, Entry), again, stop }
            let outcome = state.withLock { state -> Outcome in
                if state.stopping { return .stop }
                guard !state.queue.isEmpty else { return .again }
                let id = state.queue.removeFirst()
                guard var entry = state.entries[id] else { return .again }
                entry.record.jobState = .running
                entry.record.startsWithoutProgress = (entry.record.startsWithoutProgress ?? 0) + 1
                do { try store.save(entry.record) } catch { log("job \(id): \(error)") }
                state.entries[id] = entry
                state.running = id
                log("job \(id): queued -> running")
                return .job(id, entry)
            }
            switch outcome {
            case .job(let id, let entry): return (id, entry)
            case .again: continue
            case .stop: return nil
            }
        }
    }

    /// Hands the worker's run of job `id` to the book (so `cancel` and shutdown can stop it).
    /// - Returns: false when the job must not start (cancelled, or the daemon is stopping);
    ///   the run has then been told to stop.
    func started(_ id: String, run: GenerationRun, sampleRateHz: Int) -> Bool {
        state.withLock { state in
            guard var entry = state.entries[id] else { return false }
            entry.run = run
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

    /// Passes an engine event of job `id` on to its watchers.
    func event(_ id: String, _ event: GenerationEvent) {
        state.withLock { state in
            guard var entry = state.entries[id], entry.record.jobState == .running else { return }
            let body: ReplyBody
            switch event {
            case .progress(let progress):
                let wire = EventMapping.progress(progress, job: entry.record.jobID)
                let previous = entry.lastProgress
                entry.lastProgress = wire
                if let previous, wire.stage == .sample, previous.stage == .sample, previous.level == wire.level,
                    (wire.window ?? 0) > (previous.window ?? 0)
                {
                    Self.madeProgress(&entry, store: store, log: log)  // a window was saved
                }
                let now = ContinuousClock.now
                let sameStep = previous?.stage == wire.stage && previous?.level == wire.level
                    && previous?.window == wire.window && wire.completed < wire.total
                if sameStep, let last = entry.lastSent, now - last < Self.progressInterval {
                    state.entries[id] = entry
                    return
                }
                entry.lastSent = now
                body = .progress(wire)
            case .levelDone(let level, _):
                let duration = entry.durationS ?? 0
                entry.record.levelsDone.append(.init(level: level, durationS: duration))
                entry.record.startsWithoutProgress = 0
                do { try store.save(entry.record) } catch { log("job \(id): \(error)") }
                log("job \(id): level \(level) done")
                body = .levelDone(LevelDoneEvent(job: entry.record.jobID, level: level, durationS: duration))
            }
            entry.watchers = Self.send(body, to: entry.watchers)
            state.entries[id] = entry
        }
    }

    /// Tells job `id`'s watchers that it pauses (a full disk) and will be tried again.
    func paused(_ id: String, error: ErrorReply, retry: Duration) {
        state.withLock { state in
            guard var entry = state.entries[id], entry.record.jobState == .running else { return }
            let event = PausedEvent(job: entry.record.jobID, error: error, retryS: retry / .seconds(1))
            entry.watchers = Self.send(.paused(event), to: entry.watchers)
            state.entries[id] = entry
            log("job \(id): paused: \(error.code.rawValue): \(error.message); trying again in \(retry)")
        }
    }

    /// Waits `delay` before a paused job `id` is tried again.
    /// - Returns: false when it must not be: cancelled meanwhile, or the daemon is stopping.
    func waitToRetry(_ id: String, after delay: Duration) -> Bool {
        let deadline = ContinuousClock.now + delay
        while true {
            let goOn = state.withLock { state in !state.stopping && state.entries[id]?.record.jobState == .running }
            guard goOn else { return false }
            if ContinuousClock.now >= deadline { return true }
            usleep(100_000)
        }
    }

    /// Records how the worker's run of job `id` ended.
    /// - Parameter result: The outcome, or the error `run` threw.
    func finished(_ id: String, _ result: Result<GenerationOutcome, any Error>) {
        state.withLock { state in
            state.running = nil
            guard var entry = state.entries[id] else { return }
            entry.run = nil
            defer { state.entries[id] = entry }
            guard entry.record.jobState == .running else {
                log("job \(id): stopped (\(entry.record.state))")
                return
            }
            let job = entry.record.jobID
            let last: ReplyBody
            switch result {
            case .success(let outcome):
                entry.record.jobState = .done
                entry.record.durationS = outcome.seconds
                last = .done(DoneEvent(job: job, takes: entry.record.takes, durationS: outcome.seconds, level: outcome.lastLevel))
                log("job \(id): running -> done (\(entry.record.takes) takes of \(outcome.seconds) s)")
            case .failure(EngineError.stopped(.shutdown)):
                // Stays "running" on disk: the next start resumes it from its last window. A
                // shutdown is no crash: the count of starts without progress is cleared.
                entry.record.startsWithoutProgress = 0
                do { try store.save(entry.record) } catch { log("job \(id): \(error)") }
                let reply = ErrorReply(
                    code: .shuttingDown, message: "the daemon is stopping; job \(id) resumes when it restarts")
                for watcher in entry.watchers { watcher.finish(.error(reply)) }
                entry.watchers = []
                log("job \(id): interrupted by shutdown; resumes at the next start")
                return
            case .failure(EngineError.stopped(.cancel)):
                entry.record.jobState = .cancelled
                last = .cancelled(job: job)
                log("job \(id): running -> cancelled")
            case .failure(let error):
                let reply = WireErrors.reply(for: error)
                entry.record.fail(reply)
                last = .failed(FailedEvent(job: job, error: reply))
                log("job \(id): running -> failed: \(reply.code.rawValue): \(reply.message)")
            }
            entry.record.finishedUnixS = Self.now()
            do { try store.save(entry.record) } catch { log("job \(id): \(error)") }
            for watcher in entry.watchers { watcher.finish(last) }
            entry.watchers = []
        }
    }

    /// Starts the shutdown: no new jobs, the running one stops at its next sampling step (it
    /// stays resumable), queued jobs stay queued on disk; watchers of queued jobs get
    /// `shutting_down`. The worker's ``next()`` returns nil.
    func beginShutdown() {
        state.withLock { state in
            guard !state.stopping else { return }
            state.stopping = true
            if let id = state.running {
                if let run = state.entries[id]?.run { run.stop(.shutdown) }
            }
            let reply = ErrorReply(code: .shuttingDown, message: "the daemon is stopping; the job resumes when it restarts")
            for id in state.queue {
                for watcher in state.entries[id]?.watchers ?? [] { watcher.finish(.error(reply)) }
                state.entries[id]?.watchers = []
            }
        }
        work.signal()
    }

    // MARK: Helpers

    private static func checkRoom(_ state: State, limit: Int) throws(DaemonError) {
        guard !state.stopping else { throw .shuttingDown }
        guard state.queue.count + (state.running == nil ? 0 : 1) < limit else { throw .busy(limit: limit) }
    }

    private static func visible(_ state: State, _ id: JobID, _ uid: UInt32) throws(DaemonError) -> Entry {
        guard let entry = state.entries[id.rawValue], uid == 0 || entry.record.owner == uid else {
            throw .jobNotFound(id)
        }
        return entry
    }

    /// The last event of a finished job, nil while it is queued or running.
    private static func lastEvent(of entry: Entry) -> ReplyBody? {
        let record = entry.record
        switch record.jobState {
        case .queued, .running:
            return nil
        case .done:
            return .done(
                DoneEvent(
                    job: record.jobID, takes: record.takes, durationS: record.durationS ?? 0,
                    level: record.levelsDone.map(\.level).min()))
        case .cancelled:
            return .cancelled(job: record.jobID)
        case .failed:
            let code = record.errorCode.map(ErrorCode.init(wire:)) ?? .internal
            return .failed(
                FailedEvent(job: record.jobID, error: ErrorReply(code: code, message: record.errorMessage ?? "failed")))
        }
    }

    /// Sends `body` to each watcher; returns those still connected.
    private static func send(_ body: ReplyBody, to watchers: [Watcher]) -> [Watcher] {
        watchers.filter { watcher in
            if watcher.deliver(body) { return true }
            watcher.drop()
            return false
        }
    }

    private static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }

    /// Clears the job's count of starts without progress, writing the record when it changes.
    private static func madeProgress(_ entry: inout Entry, store: JobStore, log: DaemonLog) {
        guard (entry.record.startsWithoutProgress ?? 0) != 0 else { return }
        entry.record.startsWithoutProgress = 0
        do { try store.save(entry.record) } catch { log("job \(entry.record.id): \(error)") }
    }
}
