import JukeboxEngine
import JukeboxProtocol

/// The clients' side of the book: `submit`, `watch`, `cancel`.
extension JobBook {
    /// Accepts a validated and prepared job: writes its record, then queues it. The room is
    /// held while the record is written, off the lock.
    /// - Parameters:
    ///   - record: The new record (state queued; the sequence is filled in here).
    ///   - run: The engine's run, already prepared in the job's folder.
    ///   - sampleRateHz: The model's sample rate.
    ///   - estimate: What the job should take, when known; `accepted` carries it.
    ///   - watcher: The submitting request when it watches; it receives `accepted` first.
    /// - Returns: The `accepted` event.
    /// - Throws: ``DaemonError/busy(limit:)``, ``DaemonError/shuttingDown`` (also when the
    ///   shutdown began while the record was written), or the write's failure; the caller
    ///   then removes the job's folder.
    func submit(
        _ record: DaemonJobRecord, run: GenerationRun, sampleRateHz: Int, estimate: WorkEstimate? = nil,
        watcher: Watcher?
    ) throws(DaemonError) -> AcceptedEvent {
        let numbered = try state.withLock { state throws(DaemonError) -> DaemonJobRecord in
            try Self.checkRoom(state, limit: limit)
            state.reserved += 1
            var numbered = record
            numbered.sequence = state.nextSequence
            state.nextSequence += 1
            return numbered
        }
        let written = journal.append(numbered).wait()
        let accepted = try state.withLock { state throws(DaemonError) -> AcceptedEvent in
            state.reserved -= 1
            if case .failure(let error) = written { throw error }
            guard !state.stopping else { throw .shuttingDown }
            let id = numbered.id
            var entry = Entry(StoredJob(record: numbered, spec: run.record.spec), run: run)
            entry.durationS = Double(run.record.sampleLength) / Double(sampleRateHz)
            entry.estimate = estimate
            let event = AcceptedEvent(
                job: id, queuePosition: state.queue.count, seed: Int64(bitPattern: entry.spec.seed),
                estimate: estimate, startsInS: Self.startsIn(state, position: state.queue.count))
            state.entries[id] = entry
            state.queue.append(id)
            if let watcher { feed.attach(watcher, to: id, start: .accepted(event)) }
            return event
        }
        work.signal()
        let mode = run.record.spec.mode.rawValue
        log(
            "job \(numbered.id) uid=\(numbered.owner) model=\(numbered.model) mode=\(mode) "
                + "takes=\(run.record.spec.takes): queued at position \(accepted.queuePosition); memory plan "
                + "\(run.plan.totalBytes >> 20) MiB (\(run.plan.breakdown))", job: numbered.logFields)
        return accepted
    }

    /// Streams job `id` to `watcher` from now: a queued job's `accepted` (with its current
    /// place), a running job's last progress, then its events; a finished job's last event at
    /// once (as last written: a change still being written reaches the watcher when it lands).
    /// - Throws: ``DaemonError/jobNotFound(_:)``; the caller then drops the watcher.
    func watch(_ id: JobID, for uid: UInt32, watcher: Watcher) throws(DaemonError) {
        try state.withLock { state throws(DaemonError) in
            guard let entry = Self.visible(state, id, uid) else { throw .jobNotFound(id) }
            let start: WatchStart
            if let last = Self.lastEvent(of: entry.shown, spec: entry.spec) {
                start = .ended(last)
            } else if let position = state.queue.firstIndex(of: id) {
                start = .accepted(
                    AcceptedEvent(
                        job: id, queuePosition: position, seed: Int64(bitPattern: entry.spec.seed),
                        estimate: entry.estimate, startsInS: Self.startsIn(state, position: position)))
            } else {
                start = .running
            }
            feed.attach(watcher, to: id, start: start)
        }
    }

    /// Cancels job `id`: a queued job leaves the queue (its prepared run and, once the
    /// cancellation is written, its primer are dropped), a running one is told to stop
    /// within one sampling step. Returns once `cancelled` is written and sent to the job's
    /// watchers. When `job.json` cannot be written (a full disk) the job stays cancelled in
    /// memory and keeps its primer: a restart finds it queued or running and resumes it.
    /// Cancelling a cancelled job again does nothing.
    /// - Throws: ``DaemonError/jobNotFound(_:)``; ``DaemonError/invalidField(field:reason:)`` for
    ///   a job that is done or failed.
    func cancel(_ id: JobID, for uid: UInt32) throws(DaemonError) {
        enum Outcome {
            case cancelled(JournalReceipt?)
            case ended(JobState, JournalReceipt?)
        }
        let outcome = try state.withLock { state throws(DaemonError) -> Outcome in
            guard var entry = Self.visible(state, id, uid) else { throw .jobNotFound(id) }
            // The answer waits for the job's earlier changes to be written.
            let earlier = entry.record == entry.shown ? nil : journal.barrier()
            let before = entry.record.state
            switch before {
            case .cancelled: return .cancelled(earlier)
            case .done, .failed: return .ended(before, earlier)
            case .queued, .running: break
            }
            state.queue.removeAll { $0 == id }
            entry.record.state = .cancelled
            entry.record.finishedUnixS = Self.now()
            let wasRunning = state.running == id
            if wasRunning {
                if let run = entry.run { run.stop(.cancel) } else { entry.stopRequested = .cancel }
            } else {
                entry.run = nil  // a queued job's prepared primer goes with it
            }
            state.entries[id] = entry
            let receipt = enqueue(
                entry.record, dropPrimer: !wasRunning, log: "job \(id): \(before.rawValue) -> cancelled by uid \(uid)"
            ) { feed in feed.finish(id, with: .cancelled(job: id)) }
            return .cancelled(receipt)
        }
        switch outcome {
        case .cancelled(let receipt):
            receipt?.wait()
        case .ended(let ended, let receipt):
            receipt?.wait()
            throw .invalidField(
                field: "job", reason: "job \(id) has already ended (\(ended.rawValue)); nothing to cancel")
        }
    }
}
