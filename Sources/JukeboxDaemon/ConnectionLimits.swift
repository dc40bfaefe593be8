import JukeboxProtocol

/// What one user, and all connections together, may hold of the daemon: connections (each
/// costs two threads) and bytes of unfinished request lines.
///
/// - At most ``maxConnections`` connections at once; the last ``rootReserve`` of them only
///   for root, so that one user filling the daemon never locks the administrator out.
/// - At most ``perUser`` connections per uid other than root.
/// - At most ``maxBufferedBytes`` bytes of unfinished lines for all connections together;
///   a connection whose line would go past it is refused the bytes (it gets `busy` and is
///   closed), so half-sent long lines cannot fill memory.
final class ConnectionLimits: Sendable {
    /// The most connections the daemon serves at once.
    static let maxConnections = 512
    /// Connections only root may use.
    static let rootReserve = 16

    /// The most connections of one non-root uid.
    let perUser: Int
    /// The most bytes of unfinished lines held for all connections.
    let maxBufferedBytes: Int

    private struct State {
        var total = 0
        var perUID: [UInt32: Int] = [:]
        var buffered = 0
    }

    private let state = Locked(State())

    /// Limits of `perUser` connections per uid and `maxBufferedBytes` of unfinished lines.
    init(perUser: Int, maxBufferedBytes: Int) {
        self.perUser = perUser
        self.maxBufferedBytes = maxBufferedBytes
    }

    /// Counts a new connection of `uid`, or says why it must be refused.
    /// - Returns: nil when admitted (call ``release(uid:)`` when it closes), else the reason.
    func admit(uid: UInt32) -> String? {
        state.withLock { state -> String? in
            if uid == 0 {
                guard state.total < Self.maxConnections else {
                    return "the daemon serves \(Self.maxConnections) connections already"
                }
            } else {
                guard state.total < Self.maxConnections - Self.rootReserve else {
                    return "the daemon serves \(state.total) connections already; the rest are kept for root"
                }
                guard state.perUID[uid, default: 0] < perUser else {
                    return "uid \(uid) holds \(perUser) connections already (max_connections_per_user)"
                }
            }
            state.total += 1
            state.perUID[uid, default: 0] += 1
            return nil
        }
    }

    /// Counts a closed connection of `uid`.
    func release(uid: UInt32) {
        state.withLock { state in
            state.total -= 1
            let left = state.perUID[uid, default: 1] - 1
            state.perUID[uid] = left > 0 ? left : nil
        }
    }

    /// Connections open now.
    var openConnections: Int { state.withLock { $0.total } }

    /// Changes a connection's share of the line budget from `old` to `new` bytes.
    /// - Returns: false (and no change) when growing would go past ``maxBufferedBytes``.
    func rebuffer(from old: Int, to new: Int) -> Bool {
        state.withLock { state in
            let next = state.buffered - old + new
            guard new <= old || next <= maxBufferedBytes else { return false }
            state.buffered = next
            return true
        }
    }

    /// Bytes of unfinished lines held now.
    var bufferedBytes: Int { state.withLock { $0.buffered } }
}
