import JukeboxProtocol

// Pricing a job without starting it.

extension Client {
    /// `jukebox generate`, `continue`, `extend` and `upsample` with `--estimate`: asks the
    /// daemon what the job would take and prints it (a line per level, then the total and the
    /// peak memory); no job is created.
    /// - Parameter request: The job; an empty ``SubmitRequest/model`` means the daemon's only model.
    /// - Returns: The exit status: 0, or the error's.
    public func estimate(_ request: SubmitRequest) -> Int32 {
        run { (connection) throws(ClientError) in
            var request = request
            if request.model.isEmpty { request.model = try onlyModel(on: connection) }
            let reply = try call(.estimate(request), on: connection)
            guard case .estimate(let estimate) = reply else { throw Self.unexpected(reply, expected: "estimate") }
            Self.lines(of: estimate).forEach(show)
        }
    }

    /// An estimate for people: `level 2: 1h05m (2048 new tokens, 512 re-fed)` per level, then
    /// the total, the peak memory and where the times come from.
    public static func lines(of estimate: WorkEstimate) -> [String] {
        var lines = estimate.levels.map { level in
            "level \(level.level): " + NumberFormat.duration(level.timeS)
                + " (\(level.newTokens) new tokens, \(level.refedTokens) re-fed)"
        }
        lines.append(
            "total: " + NumberFormat.duration(estimate.timeS) + ", peak memory "
                + NumberFormat.bytes(estimate.peakMemoryBytes))
        lines.append("basis: " + basisText(estimate.basis))
        return lines
    }

    /// What an estimate's basis means, in a few words.
    static func basisText(_ basis: WorkEstimate.Basis) -> String {
        switch basis {
        case .floors: return "this machine's floors, a lower bound (no job of this model has finished a level yet)"
        case .corrected: return "this machine's floors corrected by the model's finished jobs"
        case .mixed: return "this machine's floors, some levels corrected by the model's finished jobs"
        }
    }
}
