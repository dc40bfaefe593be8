import JukeboxProtocol

/// The files the ``JobJournal`` changes for the ``JobBook``: ``JobStore`` in the daemon, a
/// stand-in in tests.
protocol JournalStorage: Sendable {
    /// Makes `record` its job's `job.json`, atomically and durably.
    /// - Throws: ``DaemonError/diskFull(path:)`` or ``DaemonError/stateWriteFailed(path:reason:)``.
    func save(_ record: DaemonJobRecord) throws(DaemonError)

    /// Removes the primer saved in job `id`'s folder (failures are logged, not thrown).
    func dropPrimer(of id: JobID)
}
