import JukeboxProtocol

// The commands that free disk space: rm and prune.

extension Client {
    /// `jukebox rm JOB`: removes an ended job's folder and record; prints `removed JOB (SIZE)`.
    /// - Returns: The exit status.
    public func remove(_ job: JobID) -> Int32 {
        run { (connection) throws(ClientError) in
            let reply = try call(.remove(job: job), on: connection)
            guard case .removed(let removed) = reply else { throw Self.unexpected(reply, expected: "removed") }
            for id in removed.jobs { show("removed \(id)") }
            show("freed " + NumberFormat.bytes(removed.freedBytes))
        }
    }

    /// `jukebox prune --older-than DAYS`: removes the user's jobs (root: everyone's) that ended
    /// at least `days` days ago; prints one `removed JOB` line each, then the space freed.
    /// - Returns: The exit status.
    public func prune(olderThanDays days: Double) -> Int32 {
        run { (connection) throws(ClientError) in
            let reply = try call(.prune(PruneRequest(olderThanDays: days)), on: connection)
            guard case .removed(let removed) = reply else { throw Self.unexpected(reply, expected: "removed") }
            for id in removed.jobs { show("removed \(id)") }
            show("freed " + NumberFormat.bytes(removed.freedBytes))
        }
    }
}
