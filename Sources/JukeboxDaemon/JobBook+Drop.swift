import JukeboxEngine
import JukeboxProtocol

/// `drop_take`: a queued or running job goes on without one of its takes.
extension JobBook {
    /// Drops take `take` (from 0) of job `id`: written in the job's record first (a restart
    /// keeps it), then handed to the job's run, which applies it at its next window (a queued
    /// job starts without the take). Returns once the record is written.
    /// - Returns: The reply, with the takes left.
    /// - Throws: ``DaemonError/jobNotFound(_:)`` (no such job for this user);
    ///   ``DaemonError/jobEnded(job:state:)``; ``DaemonError/takeOutOfRange(job:take:takes:)``;
    ///   ``DaemonError/outputNotFound(job:what:)`` for a take dropped already;
    ///   ``DaemonError/lastTake(job:take:)``. Nothing is changed when it throws.
    func dropTake(_ id: JobID, take: Int, for uid: UInt32) throws(DaemonError) -> TakeDropped {
        let (receipt, reply) = try state.withLock { state throws(DaemonError) -> (JournalReceipt, TakeDropped) in
            guard var entry = Self.visible(state, id, uid) else { throw .jobNotFound(id) }
            switch entry.record.state {
            case .done, .failed, .cancelled: throw .jobEnded(job: id, state: entry.record.state)
            case .queued, .running: break
            }
            let takes = entry.spec.takes
            guard (0..<takes).contains(take) else { throw .takeOutOfRange(job: id, take: take, takes: takes) }
            guard !entry.record.droppedTakes.contains(take) else {
                throw .outputNotFound(job: id, what: "take \(take + 1) to drop (it was dropped already)")
            }
            let left = takes - entry.record.droppedTakes.count - 1
            guard left > 0 else { throw .lastTake(job: id, take: take) }
            entry.record.droppedTakes.append(take)
            entry.run?.drop(take: take)
            state.entries[id] = entry
            let receipt = enqueue(
                entry.record, log: "job \(id): take \(take + 1) dropped by uid \(uid); \(left) takes go on")
            return (receipt, TakeDropped(job: id, take: take, takesLeft: left))
        }
        receipt.wait()
        return reply
    }

    /// Job `id`'s run, while the book holds one (submitted, or running).
    func run(of id: JobID) -> GenerationRun? {
        state.withLock { $0.entries[id]?.run }
    }

    /// Replaces job `id`'s estimate (after a drop: fewer takes cost less).
    func reestimate(_ id: JobID, _ estimate: WorkEstimate) {
        state.withLock { state in state.entries[id]?.estimate = estimate }
    }
}
