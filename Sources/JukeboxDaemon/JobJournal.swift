import Dispatch

/// Writes the ``JobBook``'s changes to the state folder, in the order the book made them, on
/// one serial queue and never under the book's lock.
///
/// The book queues an entry (``append(_:dropPrimer:then:)``) while it holds its lock: queueing
/// only adds a closure to the queue and never blocks, and the lock fixes the order of the
/// entries. The queue then, one entry at a time: writes the job's whole record, removes its
/// primer when asked (and the write went through), and runs the entry's follow-up with the
/// outcome. The thread that made the change waits for the entry's ``JournalReceipt`` after
/// releasing the lock.
///
/// Order rule: entries are written first in, first out, and each holds a job's whole record,
/// so a job's records reach the disk in the order of its changes, and an older record never
/// overwrites a newer one.
final class JobJournal: Sendable {
    private let storage: any JournalStorage
    private let queue = DispatchQueue(label: "jukeboxd.journal")

    /// A journal writing to `storage`.
    init(storage: any JournalStorage) {
        self.storage = storage
    }

    /// Queues the write of `record`; never blocks.
    /// - Parameters:
    ///   - record: The job's new record.
    ///   - dropPrimer: Whether to remove the job's primer once the record is written (not
    ///     when the write failed).
    ///   - followUp: Run on the journal's queue after the write, with its outcome.
    /// - Returns: The receipt to wait for (after releasing any lock).
    func append(
        _ record: DaemonJobRecord, dropPrimer: Bool = false,
        then followUp: @escaping @Sendable (Result<Void, DaemonError>) -> Void = { _ in }
    ) -> JournalReceipt {
        let receipt = JournalReceipt()
        queue.async { [storage] in
            let result: Result<Void, DaemonError>
            do throws(DaemonError) {
                try storage.save(record)
                result = .success(())
            } catch {
                result = .failure(error)
            }
            // Only once the record is written: a job whose cancel did not reach the disk is
            // queued again at the next start and needs its primer.
            if dropPrimer, case .success = result { storage.dropPrimer(of: record.id) }
            followUp(result)
            receipt.complete(result)
        }
        return receipt
    }

    /// A receipt that completes once every entry queued before it is done; never blocks.
    func barrier() -> JournalReceipt {
        let receipt = JournalReceipt()
        queue.async { receipt.complete(.success(())) }
        return receipt
    }
}

/// The outcome of one ``JobJournal`` entry, once it is written and followed up.
final class JournalReceipt: Sendable {
    private let outcome = Locked<Result<Void, DaemonError>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    /// Records the outcome and wakes the waiter.
    fileprivate func complete(_ result: Result<Void, DaemonError>) {
        outcome.withLock { $0 = result }
        done.signal()
    }

    /// Waits until the entry is done; returns how its write went.
    @discardableResult
    func wait() -> Result<Void, DaemonError> {
        done.wait()
        done.signal()  // so that a later wait returns at once
        return outcome.withLock { $0 } ?? .success(())
    }
}
