import JukeboxProtocol

/// Shows a job's events to people on a ``Console``: a progress line redrawn in place on a
/// terminal, else a plain line whenever the stage or level changes or another tenth of the
/// stage is done (a log gets a dozen lines per level, not one per window).
public final class ProgressDisplay {
    /// Where the lines go.
    private let console: Console
    /// The stage and level of the last plain line, and its tenth.
    private var lastPlain: (stage: JobStage, level: Int?, tenth: Int)?

    /// A display writing to `console`.
    public init(console: Console) {
        self.console = console
    }

    /// Shows one event of a job's stream; replies that are not job events are ignored.
    public func show(_ body: ReplyBody) {
        switch body {
        case .accepted(let event):
            var line = "jukebox: job \(event.job) queued at position \(event.queuePosition) (seed \(event.seed))"
            if let estimate = event.estimate {
                line +=
                    "; expected to take " + NumberFormat.duration(estimate.timeS) + ", peak memory "
                    + NumberFormat.bytes(estimate.peakMemoryBytes)
            }
            if let startsIn = event.startsInS, startsIn > 0 {
                line += "; starts in about " + NumberFormat.duration(startsIn)
            }
            console.message(line)
        case .progress(let event):
            showProgress(event)
        case .levelDone(let event):
            console.message(
                "jukebox: job \(event.job): level \(event.level) done, "
                    + NumberFormat.fixed(event.durationS, 1) + " s of music")
        case .paused(let event):
            console.message(
                "jukebox: job \(event.job) paused (\(event.error.code.rawValue)): \(event.error.message); "
                    + "trying again in " + NumberFormat.fixed(event.retryS, 0) + " s")
        case .preview(let event):
            console.message(
                "jukebox: job \(event.job): take \(event.take + 1) preview, " + NumberFormat.fixed(event.durationS, 1)
                    + " s so far (jukebox listen \(event.job) --take \(event.take + 1) -o FILE)")
        case .done(let event):
            let made = event.madeTakes.count
            var takes = made == 1 ? "1 take" : "\(made) takes"
            if !event.droppedTakes.isEmpty {
                takes += " (" + event.droppedTakes.map { "take \($0 + 1)" }.joined(separator: ", ") + " dropped)"
            }
            console.message(
                "jukebox: job \(event.job) done: \(takes) of " + NumberFormat.fixed(event.durationS, 1) + " s")
        default:
            break
        }
    }

    /// Redraws the progress line, or writes a plain line when it says something new.
    private func showProgress(_ event: ProgressEvent) {
        if console.isTerminal {
            console.progress(ProgressLine.render(event))
            return
        }
        let tenth = Int(ProgressLine.fraction(event) * 10)
        if let last = lastPlain, last.stage == event.stage, last.level == event.level, last.tenth == tenth {
            return
        }
        lastPlain = (event.stage, event.level, tenth)
        console.message("jukebox: " + ProgressLine.plain(event))
    }
}
