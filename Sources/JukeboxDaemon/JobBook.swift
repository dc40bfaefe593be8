import Dispatch
import Foundation
import JukeboxEngine
import JukeboxProtocol

/// Every job the daemon knows and the queue: the one place job state changes, a state
/// machine under one lock that guards no I/O and no waiting.
///
/// A change (submit, start, level done, cancel, end) updates the book's state under the lock
/// and queues the job's new record in the ``JobJournal``, which fixes the order of changes.
/// Off the lock the journal writes the record, then logs the transition, makes the record
/// the one queries show (``Entry/shown``) and announces the change to the job's watchers
/// through the ``JobEventFeed``, in that order. The thread that made the change waits for
/// that, after releasing the lock; queries (`jobs`, `status`, `STATUS=`) never wait for a
/// write.
///
/// Rule: nothing is told before it is written. Changes reach the disk in the order they were
/// made (the journal is first in, first out), and a change is announced, shown by `jobs`,
/// `watch` and `fetch`, or answered (`cancel`) only after the journal has written it. What a
/// restart reads is therefore never older than what any client was told: a client that saw
/// `done` (or `cancelled`, or `level_done`) finds the same after a crash, and a crash loses at
/// most changes nobody heard of. A write that fails is logged and the change still holds in
/// memory and is announced (the job's next write carries it); a restart finds the job as last
/// written, queued or running, and resumes it. A submit whose first write fails is refused.
final class JobBook: Sendable {
    /// One job in memory.
    struct Entry {
        /// The latest record, as queued to the journal.
        var record: DaemonJobRecord
        /// The latest record the journal has written (or failed to write, logged): what
        /// queries and new watchers see.
        var shown: DaemonJobRecord
        /// What the job makes.
        let spec: GenerationSpec
        /// The engine's run, once created (at submit, or when the worker resumes the job).
        var run: GenerationRun?
        /// Seconds of audio per take, once known.
        var durationS: Double?
        /// The last progress, for `STATUS=` and to notice saved windows.
        var lastProgress: ProgressEvent?
        /// A stop asked for before the worker had the run.
        var stopRequested: StopReason?
        /// What the job should take (made at submit, or when the worker resumes it).
        var estimate: WorkEstimate?
        /// When the worker started it.
        var startedAt: ContinuousClock.Instant?
        /// When its last level ended (or the worker started it): where the next level's compute time starts.
        var levelMark: ContinuousClock.Instant?

        init(_ job: StoredJob, run: GenerationRun? = nil) {
            record = job.record
            shown = job.record
            spec = job.spec
            self.run = run
            durationS = job.record.durationS
        }
    }

    struct State {
        var entries: [JobID: Entry] = [:]
        var queue: [JobID] = []
        var running: JobID?
        /// Submits between their room check and their first write: they count as queued.
        var reserved = 0
        var nextSequence = 0
        var stopping = false
    }

    /// The most jobs queued or running (`queue_limit`).
    let limit: Int
    let journal: JobJournal
    let feed: any JobEventFeed
    let log: DaemonLog
    let state = Locked(State())
    /// Signalled once per queued job and once at shutdown.
    let work = DispatchSemaphore(value: 0)

    /// The book of `jobs` (``JobStore/loadAll()``); jobs that were queued or running when the
    /// daemon stopped are queued again (the running one first), to resume from their folders.
    /// A job that was running when the daemon died twice in a row without saving a window in
    /// between (``DaemonJobRecord/startsWithoutProgress``) is failed with `crashed` instead:
    /// resuming it would most likely take the daemon down again.
    init(jobs: [StoredJob], limit: Int, journal: JobJournal, feed: any JobEventFeed, log: DaemonLog) {
        self.limit = limit
        self.journal = journal
        self.feed = feed
        self.log = log
        let (resumed, receipts) = state.withLock { state -> (Int, [JournalReceipt]) in
            var receipts: [JournalReceipt] = []
            for job in jobs {
                state.entries[job.record.id] = Entry(job)
                state.nextSequence = max(state.nextSequence, job.record.sequence + 1)
            }
            var running: [JobID] = []
            for job in jobs.map(\.record) where job.state == .running {
                let starts = job.startsWithoutProgress
                guard starts >= DaemonJobRecord.maxStartsWithoutProgress else {
                    running.append(job.id)
                    continue
                }
                var failed = job
                failed.fail(WireErrors.reply(for: DaemonError.crashed(times: starts)))
                failed.finishedUnixS = Self.now()
                state.entries[job.id]?.record = failed
                let line =
                    "job \(job.id): running -> failed: crashed: the daemon died \(starts) times while running it "
                    + "without progress"
                receipts.append(enqueue(failed, log: line))
            }
            let order = running + jobs.map(\.record).filter { $0.state == .queued }.map(\.id)
            for id in order {
                // Queued in memory only; the worker writes `running` when it starts the job.
                state.entries[id]?.record.state = .queued
                state.entries[id]?.shown.state = .queued
                state.queue.append(id)
            }
            return (order.count, receipts)
        }
        for receipt in receipts { receipt.wait() }
        for _ in 0..<resumed { work.signal() }
        if !jobs.isEmpty {
            log("\(jobs.count) jobs in the state folder, \(resumed) to resume")
        }
    }

    /// Queues `record` as its job's new record. Call with the lock held: the call fixes the
    /// order of the job's changes. After the write, off the lock, `line` is logged; then, with
    /// the lock, the record becomes the one queries show and `announce` runs (it may use the
    /// feed).
    /// - Returns: The receipt to wait for once the lock is released.
    func enqueue(
        _ record: DaemonJobRecord, dropPrimer: Bool = false, log line: String? = nil,
        announce: (@Sendable (any JobEventFeed) -> Void)? = nil
    ) -> JournalReceipt {
        journal.append(record, dropPrimer: dropPrimer) { [self] result in
            if case .failure(let error) = result {
                log(
                    "job \(record.id): its \(record.state.rawValue) record could not be written (\(error)); "
                        + "the change holds in memory and goes with the job's next write", job: record.logFields)
            }
            if let line { log(line, job: record.logFields) }
            state.withLock { state in
                state.entries[record.id]?.shown = record
                announce?(feed)
            }
        }
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }
}
