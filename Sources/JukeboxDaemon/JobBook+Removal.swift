import JukeboxEngine
import JukeboxProtocol

/// `remove` and `prune`: ended jobs leave the book, then their folders go.
///
/// A job is taken out of the book first (under the lock, so no request sees it any more), then,
/// once the journal has written every change queued before (a late record write cannot bring a
/// removed folder back), the caller deletes its folder. A queued or running job is refused
/// (`job_active`), and so is a job that a queued or running job continues or upsamples from: a
/// job resumed after a restart reads its source's tokens again.
extension JobBook {
    /// Takes ended job `id` of `uid` (root: any user's) out of the book.
    /// - Returns: The job's record, once every earlier change is written.
    /// - Throws: ``DaemonError/jobNotFound(_:)``; ``DaemonError/jobActive(_:reason:)`` for a job
    ///   that is queued or running, still stopping after a cancel, or the source of an
    ///   unfinished job.
    func takeOut(_ id: JobID, for uid: UInt32, folder: String) throws(DaemonError) -> DaemonJobRecord {
        let (record, receipt) = try state.withLock { state throws(DaemonError) -> (DaemonJobRecord, JournalReceipt) in
            guard let entry = Self.visible(state, id, uid) else { throw .jobNotFound(id) }
            try Self.checkRemovable(state, entry, folder: folder)
            state.entries[id] = nil
            return (entry.record, journal.barrier())
        }
        receipt.wait()
        log("job \(id): removed by uid \(uid)", job: record.logFields)
        return record
    }

    /// Takes out every ended job of `uid` (root: of every user) that ended at or before
    /// `cutoffUnixS`, skipping jobs an unfinished job still needs.
    /// - Parameter folder: The folder of a job, to tell sources apart.
    /// - Returns: Their records, oldest first, once every earlier change is written.
    func takeOut(endedBy cutoffUnixS: Int64, for uid: UInt32, folder: (JobID) -> String) -> [DaemonJobRecord] {
        let (records, receipt) = state.withLock { state -> ([DaemonJobRecord], JournalReceipt) in
            let candidates = state.entries.values.filter { entry in
                (uid == 0 || entry.record.owner == uid)
                    && (entry.record.finishedUnixS ?? entry.record.createdUnixS) <= cutoffUnixS
            }.sorted { $0.record.sequence < $1.record.sequence }
            var taken: [DaemonJobRecord] = []
            for entry in candidates {
                guard (try? Self.checkRemovable(state, entry, folder: folder(entry.record.id))) != nil else { continue }
                state.entries[entry.record.id] = nil
                taken.append(entry.record)
            }
            return (taken, journal.barrier())
        }
        receipt.wait()
        for record in records { log("job \(record.id): pruned for uid \(uid)", job: record.logFields) }
        return records
    }

    /// Throws unless `entry` has ended, is not the running job, and no unfinished job starts
    /// from its folder `folder`.
    private static func checkRemovable(_ state: State, _ entry: Entry, folder: String) throws(DaemonError) {
        let id = entry.record.id
        switch entry.record.state {
        case .queued, .running:
            throw .jobActive(
                id, reason: "job \(id) is \(entry.record.state.rawValue); cancel it first, then remove it")
        case .done, .failed, .cancelled:
            break
        }
        if state.running == id {
            throw .jobActive(id, reason: "job \(id) is still stopping after its cancel; try again in a moment")
        }
        let dependent = state.entries.values.first { other in
            (other.record.state == .queued || other.record.state == .running) && other.spec.source?.folder == folder
        }
        if let dependent {
            throw .jobActive(
                id, reason: "job \(dependent.record.id) continues from job \(id) and has not ended; remove it later")
        }
    }
}
