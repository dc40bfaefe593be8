import JukeboxProtocol

/// The user's jobs drawn as songs: each job under the job and take it continues or upsamples
/// (``JobSummary/parent``), oldest first at every level. A job whose parent is not listed (it
/// belongs to another user) starts a tree of its own.
///
///     j-a  done  10.0 s  seed 7  primed
///     └─ take 2: j-b  done  16.0 s  seed 8  continue
///        └─ take 1: j-c  running  22.0 s  seed 9  continue
enum JobTree {
    /// One line per job, parents before their children.
    static func lines(_ jobs: [JobSummary]) -> [String] {
        let listed = Set(jobs.map(\.job))
        var children: [JobID: [JobSummary]] = [:]
        var roots: [JobSummary] = []
        for job in jobs {
            if let parent = job.parent, listed.contains(parent.job), parent.job != job.job {
                children[parent.job, default: []].append(job)
            } else {
                roots.append(job)
            }
        }
        var lines: [String] = []
        var seen = Set<JobID>()
        func draw(_ job: JobSummary, prefix: String, branch: String) {
            guard seen.insert(job.job).inserted else { return }
            let via = job.parent.map { "take \($0.take + 1): " } ?? ""
            lines.append(prefix + branch + via + node(job))
            let kids = children[job.job] ?? []
            let inner = prefix + (branch.isEmpty ? "" : branch == "└─ " ? "   " : "│  ")
            for (index, kid) in kids.enumerated() {
                draw(kid, prefix: inner, branch: index == kids.count - 1 ? "└─ " : "├─ ")
            }
        }
        for root in roots { draw(root, prefix: "", branch: "") }
        return lines
    }

    /// `JOB  STATE  SECONDS  seed SEED  MODE`.
    static func node(_ job: JobSummary) -> String {
        let seconds = job.durationS.map { NumberFormat.fixed($0, 1) + " s" } ?? "- s"
        return "\(job.job)  \(job.state.rawValue)  \(seconds)  seed \(job.seed)  \(job.mode.rawValue)"
    }
}
