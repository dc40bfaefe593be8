import JukeboxProtocol

/// A request streaming a job's events: a watching `submit` or a `watch`, on one connection.
struct Watcher: Sendable {
    /// The connection.
    let connection: ClientConnection
    /// The request's id, echoed in every event.
    let requestID: RequestID

    /// A watcher; counts a stream on `connection` until ``finish(_:)`` or ``drop()``.
    init(connection: ClientConnection, requestID: RequestID) {
        self.connection = connection
        self.requestID = requestID
        connection.streamStarted()
    }

    /// Queues an event without waiting.
    /// - Returns: false when the connection is gone or too slow; call ``drop()`` then.
    func deliver(_ body: ReplyBody) -> Bool {
        connection.outbox.offer(Reply(id: requestID, body: body).line)
    }

    /// Queues a line that must not be refused for slowness (the `accepted` of a `submit`).
    func deliverReply(_ body: ReplyBody) {
        _ = connection.outbox.offer(Reply(id: requestID, body: body).line, event: false)
    }

    /// Queues the stream's last event and ends the stream.
    func finish(_ body: ReplyBody) {
        _ = connection.outbox.offer(Reply(id: requestID, body: body).line, event: false)
        connection.streamEnded()
    }

    /// Ends the stream without a last event (the connection failed).
    func drop() {
        connection.streamEnded()
    }
}
