import JukeboxProtocol

// Submitting a job and following its events.

extension Client {
    /// `jukebox generate`, `continue`, `extend` and `upsample`: submits a job, then follows it
    /// to its end and writes its takes, or returns once it is queued.
    ///
    /// In the foreground the job's progress is shown; on `done` every take is fetched at the
    /// request's last level and written to the files ``TakeFiles`` names after `output`, one
    /// line per file on standard output. A ^C detaches: the job keeps running and the
    /// message says how to watch or cancel it. Detached, standard output gets the job id.
    /// - Parameters:
    ///   - request: The job; an empty ``SubmitRequest/model`` means the daemon's only model.
    ///     Its ``SubmitRequest/watch`` is set here.
    ///   - output: The `-o` path of the takes, or nil to write nothing.
    ///   - detach: Return as soon as the job is queued.
    /// - Returns: The exit status: 0 when done, 1 when the job failed, 130 when it was cancelled
    ///   or the user interrupted, else the error's.
    public func submit(_ request: SubmitRequest, output: String?, detach: Bool) -> Int32 {
        run { (connection) throws(ClientError) in
            var request = request
            if request.model.isEmpty { request.model = try onlyModel(on: connection) }
            request.watch = !detach
            let id = try connection.send(.submit(request))
            if detach {
                let reply = try next(for: id, on: connection).body
                switch reply {
                case .accepted(let accepted): show(accepted.job.rawValue)
                case .error(let error): throw .daemon(error)
                default: throw Self.unexpected(reply, expected: "accepted")
                }
                return
            }
            let done = try follow(id, job: nil, on: connection)
            if let output {
                try fetchTakes(
                    of: done.job, takes: done.madeTakes, of: done.takes, level: request.levels.last ?? 0,
                    format: request.format,
                    to: output, on: connection)
            }
        }
    }

    /// `jukebox watch`: follows a job to its end, then writes its takes at `level` (nil: the
    /// lowest level the job sampled, as its `done` event says) when `output` is given, else
    /// prints a `done` summary line.
    /// - Returns: The exit status by the job's outcome, as ``submit(_:output:detach:)``.
    public func watch(_ job: JobID, output: String?, level: Int?, format: AudioFormat?) -> Int32 {
        run { (connection) throws(ClientError) in
            let id = try connection.send(.watch(job: job))
            let done = try follow(id, job: job, on: connection)
            if let output {
                try fetchTakes(
                    of: done.job, takes: done.madeTakes, of: done.takes, level: level ?? done.level ?? 0,
                    format: format, to: output, on: connection)
            } else {
                show("\(done.job) done: \(done.takes) takes of " + NumberFormat.fixed(done.durationS, 1) + " s")
            }
        }
    }

    /// Reads a job's events for request `id` up to its end, showing them to people.
    /// - Parameters:
    ///   - id: The watching request.
    ///   - job: The job, when known before its `accepted` event.
    /// - Returns: The `done` event.
    /// - Throws: ``ClientError/jobFailed(job:error:)``, ``ClientError/jobCancelled(job:)``,
    ///   ``ClientError/daemon(_:)``, ``ClientError/interrupted(job:)`` naming the job, or a
    ///   connection error.
    func follow(_ id: RequestID, job: JobID?, on connection: Connection) throws(ClientError) -> DoneEvent {
        var job = job
        while true {
            let reply: Reply
            do {
                reply = try next(for: id, on: connection)
            } catch .interrupted {
                throw .interrupted(job: job)
            }
            if !json { display.show(reply.body) }
            switch reply.body {
            case .accepted(let accepted): job = accepted.job
            case .progress, .levelDone, .paused, .preview: break
            case .done(let done): return done
            case .failed(let failed): throw .jobFailed(job: failed.job, error: failed.error)
            case .cancelled(let cancelled): throw .jobCancelled(job: cancelled)
            case .error(let error): throw .daemon(error)
            default: throw Self.unexpected(reply.body, expected: "a job event")
            }
        }
    }

    /// The daemon's model when it has exactly one.
    /// - Throws: ``ClientError/usage(_:)`` naming the models when there are none or several.
    func onlyModel(on connection: Connection) throws(ClientError) -> String {
        let reply = try call(.models, on: connection)
        guard case .models(let models) = reply else { throw Self.unexpected(reply, expected: "models") }
        if models.count == 1 { return models[0].name }
        if models.isEmpty { throw .usage("the daemon has no models; see jukeboxd(8) on installing one") }
        throw .usage("give --model: the daemon has " + models.map(\.name).joined(separator: ", "))
    }
}
