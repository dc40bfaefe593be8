import JukeboxEngine
import JukeboxProtocol

/// What requests and systemd read of the book. Job views are the records as last written
/// (``JobBook/Entry/shown``); counts are the queue as it is.
extension JobBook {
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

    /// Job `id` as last written, if `uid` may see it (its owner, or root).
    /// - Throws: ``DaemonError/jobNotFound(_:)``.
    func job(_ id: JobID, for uid: UInt32) throws(DaemonError) -> StoredJob {
        try state.withLock { state throws(DaemonError) in
            guard let entry = Self.visible(state, id, uid) else { throw .jobNotFound(id) }
            return StoredJob(record: entry.shown, spec: entry.spec)
        }
    }

    /// The jobs `uid` may see (all for root), oldest first.
    func summaries(for uid: UInt32) -> [JobSummary] {
        state.withLock { state in
            state.entries.values.filter { uid == 0 || $0.record.owner == uid }.sorted {
                $0.record.sequence < $1.record.sequence
            }.map { entry in
                let position = state.queue.firstIndex(of: entry.shown.id)
                return JobSummary(
                    job: entry.shown.id, state: entry.shown.state, model: entry.shown.model,
                    mode: entry.spec.mode, takes: entry.spec.takes, queuePosition: position,
                    createdUnixS: entry.shown.createdUnixS,
                    startsInS: position.flatMap { Self.startsIn(state, position: $0) },
                    remainingS: state.running == entry.shown.id ? Self.remaining(entry) : nil,
                    times: entry.shown.times,
                    seed: Int64(clamping: entry.spec.seed), durationS: entry.durationS,
                    parent: Self.parent(of: entry.spec))
            }
        }
    }

    /// The job and take a spec builds on: its source folder is `<state>/jobs/<id>`.
    static func parent(of spec: GenerationSpec) -> TakeReference? {
        guard let source = spec.source,
            let job = JobID(String(source.folder.split(separator: "/").last ?? ""))
        else { return nil }
        return TakeReference(job: job, take: source.take)
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

    /// Seconds until the job at queue `position` (the queue's length for a new one) should
    /// start: the running job's time left plus the estimates of the jobs ahead; nil when one
    /// of them has no estimate.
    static func startsIn(_ state: State, position: Int) -> Double? {
        var seconds = 0.0
        if let id = state.running {
            guard let entry = state.entries[id], let left = remaining(entry) else { return nil }
            seconds += left
        }
        for id in state.queue.prefix(position) {
            guard let estimate = state.entries[id]?.estimate else { return nil }
            seconds += estimate.timeS
        }
        return seconds
    }

    /// A running job's time left: the sampler's estimate once it has one, else the job's
    /// estimate less the time it has run (at least 0); nil without either.
    static func remaining(_ entry: Entry) -> Double? {
        if let eta = entry.lastProgress?.etaS { return eta }
        guard let estimate = entry.estimate else { return nil }
        let ran = entry.startedAt.map { (ContinuousClock.now - $0) / .seconds(1) } ?? 0
        return max(0, estimate.timeS - ran)
    }

    static func checkRoom(_ state: State, limit: Int) throws(DaemonError) {
        guard !state.stopping else { throw .shuttingDown }
        guard state.queue.count + state.reserved + (state.running == nil ? 0 : 1) < limit else {
            throw .busy(limit: limit)
        }
    }

    /// Job `id` if `uid` may see it.
    static func visible(_ state: State, _ id: JobID, _ uid: UInt32) -> Entry? {
        guard let entry = state.entries[id], uid == 0 || entry.record.owner == uid else { return nil }
        return entry
    }

    /// The last event of a job whose `record` says it has ended; nil while queued or running.
    static func lastEvent(of record: DaemonJobRecord, spec: GenerationSpec) -> ReplyBody? {
        switch record.state {
        case .queued, .running:
            return nil
        case .done:
            return .done(
                DoneEvent(
                    job: record.id, takes: spec.takes, durationS: record.durationS ?? 0,
                    level: record.levelsDone.map(\.level).min(), times: record.times,
                    droppedTakes: record.droppedTakes))
        case .cancelled:
            return .cancelled(job: record.id)
        case .failed:
            // A failed record always carries its failure (decoding checks it).
            let failure = record.failure ?? .init(code: .internal, message: "failed")
            return .failed(FailedEvent(job: record.id, error: ErrorReply(code: failure.code, message: failure.message)))
        }
    }
}

extension JobBook {
    /// The models of the jobs queued or running: a queued job's run holds its model, so the
    /// registry must not unload them.
    func modelsInUse() -> Set<String> {
        state.withLock { state in
            Set(state.entries.values.filter { [.queued, .running].contains($0.record.state) }.map(\.record.model))
        }
    }
}
