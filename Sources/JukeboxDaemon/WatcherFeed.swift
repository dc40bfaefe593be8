import JukeboxProtocol

/// The watchers of each job (watching `submit`s and `watch`es, ``Watcher``): the daemon's
/// ``JobEventFeed``.
///
/// Events are queued on each watcher's connection without waiting (``Watcher/deliver(_:)``):
/// a slow or vanished watcher is dropped, never waited for. Progress within one sampling step
/// is sent at most every ``progressInterval``; the last is kept for new watchers.
final class WatcherFeed: JobEventFeed {
    /// One job's stream.
    private struct Channel {
        var watchers: [Watcher] = []
        /// The last progress, for new watchers and throttling.
        var lastProgress: ProgressEvent?
        /// When progress was last sent.
        var lastSent: ContinuousClock.Instant?
    }

    private let channels = Locked<[JobID: Channel]>([:])
    /// The least time between two progress events of one step (the engine throttles too).
    static let progressInterval = Duration.milliseconds(200)

    /// An empty feed.
    init() {}

    func attach(_ watcher: Watcher, to job: JobID, start: WatchStart) {
        switch start {
        case .ended(let last):
            watcher.finish(last)
        case .accepted(let accepted):
            channels.withLock { channels in
                watcher.deliverReply(.accepted(accepted))
                channels[job, default: Channel()].watchers.append(watcher)
            }
        case .running:
            channels.withLock { channels in
                if let progress = channels[job]?.lastProgress { _ = watcher.deliver(.progress(progress)) }
                channels[job, default: Channel()].watchers.append(watcher)
            }
        }
    }

    func publish(_ body: ReplyBody, of job: JobID) {
        channels.withLock { channels in
            guard let watchers = channels[job]?.watchers else { return }
            channels[job]?.watchers = Self.send(body, to: watchers)
        }
    }

    func progress(_ event: ProgressEvent, of job: JobID) {
        channels.withLock { channels in
            var channel = channels[job] ?? Channel()
            defer { channels[job] = channel }
            let previous = channel.lastProgress
            channel.lastProgress = event
            let now = ContinuousClock.now
            let sameStep =
                previous?.stage == event.stage && previous?.level == event.level
                && previous?.window == event.window && event.completed < event.total
            if sameStep, let last = channel.lastSent, now - last < Self.progressInterval { return }
            channel.lastSent = now
            channel.watchers = Self.send(.progress(event), to: channel.watchers)
        }
    }

    func finish(_ job: JobID, with last: ReplyBody) {
        let watchers = channels.withLock { $0.removeValue(forKey: job)?.watchers ?? [] }
        for watcher in watchers { watcher.finish(last) }
    }

    /// Sends `body` to each watcher; returns those still connected.
    private static func send(_ body: ReplyBody, to watchers: [Watcher]) -> [Watcher] {
        watchers.filter { watcher in
            if watcher.deliver(body) { return true }
            watcher.drop()
            return false
        }
    }
}
