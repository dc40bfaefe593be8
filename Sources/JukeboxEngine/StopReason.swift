import Synchronization

/// Why a running job was asked to stop before its end.
public enum StopReason: String, Sendable, Codable, Equatable {
    /// Its owner or an administrator cancelled it: the job is over, its saved tokens stay.
    case cancel
    /// The daemon is shutting down: the job stays resumable and goes on at the next start.
    case shutdown
}

/// A thread-safe, set-once request to stop, checked by the engine after every sampled token
/// and every prefix chunk.
public final class StopSignal: Sendable {
    private let reason = Mutex<StopReason?>(nil)

    /// A signal not yet raised.
    public init() {}

    /// Raises the signal; the first reason wins.
    public func raise(_ reason: StopReason) {
        self.reason.withLock { current in
            if current == nil { current = reason }
        }
    }

    /// The reason, once raised.
    public var raised: StopReason? { reason.withLock { $0 } }

    /// Throws ``EngineError/stopped(_:)`` once the signal is raised.
    public func check() throws(EngineError) {
        if let raised { throw EngineError.stopped(raised) }
    }
}
