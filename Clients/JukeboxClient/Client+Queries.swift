import JukeboxProtocol

// The one-shot commands: status, models, labels, jobs, cancel.

extension Client {
    /// `jukebox status`: the daemon's state, one `name: value` line each.
    /// - Returns: The exit status.
    public func status() -> Int32 {
        run { (connection) throws(ClientError) in
            let reply = try call(.status, on: connection)
            guard case .status(let status) = reply else { throw Self.unexpected(reply, expected: "status") }
            let loaded = status.modelsLoaded.isEmpty ? "none" : status.modelsLoaded.joined(separator: ", ")
            show("socket: \(connection.path)")
            show("version: \(status.serverVersion) (protocol \(connection.hello.protocolVersion))")
            show("uptime: " + NumberFormat.duration(status.uptimeS))
            show("jobs: \(status.jobsQueued) queued, \(status.jobsRunning) running")
            show(
                "models loaded: \(loaded)"
                    + (status.modelsLoadedBytes.map { " (" + NumberFormat.bytes($0) + " mapped)" } ?? ""))
            if let unloaded = status.modelsUnloaded { show("models unloaded: \(unloaded)") }
            show(
                "memory: " + NumberFormat.bytes(status.memoryUsedBytes) + " used of "
                    + NumberFormat.bytes(status.memoryBudgetBytes))
            if let state = status.stateBytes {
                let free = status.stateFreeBytes.map { ", " + NumberFormat.bytes($0) + " free" } ?? ""
                show("state folder: " + NumberFormat.bytes(state) + " used" + free)
            }
        }
    }

    /// `jukebox models`: a table of the daemon's models, then each one's summary line (what the
    /// model is: trained on what, or untrained random weights).
    /// - Returns: The exit status.
    public func models() -> Int32 {
        run { (connection) throws(ClientError) in
            let reply = try call(.models, on: connection)
            guard case .models(let models) = reply else { throw Self.unexpected(reply, expected: "models") }
            var rows = [["NAME", "RATE", "LEVELS", "LYRICS", "LOADED", "SIZE", "WEIGHTS"]]
            for model in models {
                let size = model.sizeBytes.map { NumberFormat.fixed(Double($0) / 1e6, 1) + " MB" } ?? "-"
                let weights = model.trained.map { $0 ? "trained" : "UNTRAINED (noise)" } ?? "-"
                rows.append([
                    model.name, "\(model.sampleRateHz) Hz", "\(model.levels)", model.lyrics ? "yes" : "no",
                    model.loaded ? "yes" : "no", size, weights,
                ])
            }
            TextTable.lines(rows).forEach(show)
            for model in models {
                if let summary = model.summary ?? (model.trained == false ? "untrained random weights" : nil) {
                    show("\(model.name): \(summary)")
                }
            }
        }
    }

    /// `jukebox labels`: the matching artists and genres, one `artist NAME` or `genre NAME`
    /// line each, in the model's order.
    /// - Returns: The exit status.
    public func labels(_ request: LabelsRequest) -> Int32 {
        run { (connection) throws(ClientError) in
            let reply = try call(.labels(request), on: connection)
            guard case .labels(let labels) = reply else { throw Self.unexpected(reply, expected: "labels") }
            for artist in labels.artists { show("artist \(artist.name)") }
            for genre in labels.genres { show("genre \(genre.name)") }
        }
    }

    /// `jukebox jobs`: a table of the user's jobs, oldest first, or with `tree` the songs as
    /// trees of jobs (``JobTree``).
    /// - Returns: The exit status.
    public func jobs(tree: Bool = false) -> Int32 {
        run { (connection) throws(ClientError) in
            let reply = try call(.jobs, on: connection)
            guard case .jobs(let jobs) = reply else { throw Self.unexpected(reply, expected: "jobs") }
            if tree {
                JobTree.lines(jobs).forEach(show)
                return
            }
            var rows = [["JOB", "STATE", "MODEL", "MODE", "TAKES", "CREATED"]]
            for job in jobs {
                var state = job.state.rawValue
                if let position = job.queuePosition {
                    state += " (\(position)" + (job.startsInS.map { ", in " + NumberFormat.duration($0) } ?? "") + ")"
                }
                if let left = job.remainingS { state += " (" + NumberFormat.duration(left) + " left)" }
                rows.append([
                    job.job.rawValue, state, job.model, job.mode.rawValue, "\(job.takes)",
                    LocalTime.text(unixSeconds: job.createdUnixS),
                ])
            }
            TextTable.lines(rows).forEach(show)
        }
    }

    /// `jukebox cancel`: cancels a job.
    /// - Returns: The exit status.
    public func cancel(_ job: JobID) -> Int32 {
        run { (connection) throws(ClientError) in
            let reply = try call(.cancel(job: job), on: connection)
            guard case .cancelled(let cancelled) = reply else { throw Self.unexpected(reply, expected: "cancelled") }
            show("cancelled \(cancelled)")
        }
    }

    /// `jukebox drop`: drops take `take` (from 0) of a queued or running job; the others go on.
    /// - Returns: The exit status.
    public func dropTake(_ job: JobID, take: Int) -> Int32 {
        run { (connection) throws(ClientError) in
            let reply = try call(.dropTake(job: job, take: take), on: connection)
            guard case .takeDropped(let dropped) = reply else { throw Self.unexpected(reply, expected: "take-dropped") }
            let left = dropped.takesLeft == 1 ? "1 take goes on" : "\(dropped.takesLeft) takes go on"
            show("dropped take \(dropped.take + 1) of \(dropped.job); \(left)")
        }
    }
}
