import Foundation
import JukeboxEngine
import JukeboxProtocol
import JukeboxTensor

#if canImport(Glibc)
    import Glibc
#endif

/// `jukeboxd serve`: the daemon. Listens on the Unix socket, greets and serves each
/// connection on its own threads, runs jobs one at a time on the worker thread, keeps job
/// state in the state folder and tells systemd how it is doing.
///
/// Start-up (``init(configuration:environment:log:sendTimeoutSeconds:)``): the state folder's
/// jobs are read (unfinished ones queued again to resume), the socket is adopted from
/// systemd or bound, and with `load_policy = on-start` every model is loaded. ``run()``
/// then reports `READY=1`, starts the worker and accepts connections until ``stop()`` (or
/// SIGTERM/SIGINT with ``installSignalHandlers()``), and shuts down gracefully: it stops
/// accepting, reports `STOPPING=1`, stops the running job at its next sampling step (it stays
/// resumable), waits for the worker and lets connections finish their last lines.
public final class DaemonServer: Sendable {
    /// The settings.
    public let configuration: DaemonConfiguration
    /// The listening socket.
    public let socket: ListeningSocket

    private let log: DaemonLog
    private let models: ModelRegistry
    private let book: JobBook
    private let worker: JobWorker
    private let handler: RequestHandler
    private let notifier: ServiceNotifier
    private let hello: Hello
    private let sendTimeoutSeconds: Double
    /// The self-pipe that wakes the accept loop: `[read, write]`.
    private let wake: (read: Int32, write: Int32)
    private let connections = Locked<[ObjectIdentifier: ClientConnection]>([:])
    private let limits: ConnectionLimits
    private let timeouts: ClientConnection.Timeouts
    private let stateLock: StateLock
    private let retention: RetentionSweeper
    private let keepAlive: ModelKeepAlive
    /// How long a shutdown waits for the running job to reach its next sampling step.
    static let workerStopTimeout = Duration.seconds(90)

    /// Prepares the daemon: state, socket, models.
    /// - Parameters:
    ///   - configuration: The settings (``DaemonConfiguration/load(commandLine:)``).
    ///   - environment: The process environment, for socket activation and sd_notify.
    ///   - log: Where log lines go.
    ///   - sendTimeoutSeconds: How long a write to a client may make no progress before the
    ///     client counts as gone.
    ///   - machineRates: The machine's rates for estimates, or nil to measure them on the
    ///     first estimate (tests give fixed ones).
    ///   - retentionInterval: Time between `job_retention_days` sweeps after the one at start
    ///     (tests give a short one).
    /// - Throws: ``SocketError``, ``DaemonError`` for a state folder that cannot be used.
    public init(
        configuration: DaemonConfiguration, environment: [String: String], log: DaemonLog = .standardError,
        sendTimeoutSeconds: Double = 30, machineRates: MachineRates? = nil, retentionInterval: Duration = .seconds(3600)
    ) throws {
        self.configuration = configuration
        self.log = log
        self.sendTimeoutSeconds = sendTimeoutSeconds
        let pid = ProcessEnvironment.pid
        stateLock = try StateLock(stateDirectory: configuration.stateDirectory)  // before the socket is touched
        let systemd = try SystemdNotifier(environment: environment)
        let watchdog = try WatchdogSettings(environment: environment, pid: pid)
        let store = try JobStore(stateDirectory: configuration.stateDirectory, log: log)
        store.finishRemovals()
        let book = JobBook(
            jobs: store.loadAll(), limit: configuration.queueLimit, journal: JobJournal(storage: store),
            feed: WatcherFeed(), log: log)
        let models = ModelRegistry(
            folder: configuration.modelsDirectory, budget: configuration.memoryBudgetBytes, log: log)
        let estimator = Estimator(stateDirectory: configuration.stateDirectory, rates: machineRates, log: log)
        self.book = book
        self.models = models
        self.worker = JobWorker(
            book: book, store: store, models: models, log: log, estimator: estimator,
            diskFullRetry: .milliseconds(Int64(configuration.diskFullRetrySeconds * 1000)))
        self.notifier = ServiceNotifier(notifier: systemd, watchdog: watchdog, log: log) { book.statusLine }
        self.hello = Hello(operations: RequestHandler.operations, limits: configuration.serverLimits)
        self.limits = ConnectionLimits(
            perUser: configuration.maxConnectionsPerUser, maxBufferedBytes: configuration.maxBufferedBytes)
        self.timeouts = ClientConnection.Timeouts(
            idle: .milliseconds(Int64(configuration.idleTimeoutSeconds * 1000)),
            line: .milliseconds(Int64(configuration.lineTimeoutSeconds * 1000)))
        let handler = RequestHandler(
            configuration: configuration, models: models, book: book, store: store, started: .now, log: log,
            estimator: estimator)
        self.handler = handler
        self.retention = RetentionSweeper(
            days: configuration.jobRetentionDays, interval: retentionInterval, handler: handler, log: log)
        self.keepAlive = ModelKeepAlive(seconds: configuration.keepAliveSeconds, models: models, book: book)
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw systemCallError("pipe") }
        for fd in ends {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        wake = (ends[0], ends[1])
        socket = try ListeningSocket.open(path: configuration.socketPath, environment: environment, pid: pid)
        _ = fcntl(socket.fd, F_SETFL, fcntl(socket.fd, F_GETFL) | O_NONBLOCK)
        switch socket.origin {
        case .activated(let name): log("listening on the socket systemd passed (\(name))")
        case .bound(let path): log("listening on \(path)")
        }
        if configuration.loadPolicy == .onStart { loadAllModels() }
    }

    /// Makes SIGTERM and SIGINT call ``stop()`` (for the `serve` command; tests call ``stop()``).
    public func installSignalHandlers() {
        SignalWatcher.install(wakeFD: wake.write)
    }

    /// Asks ``run()`` to shut down; safe from any thread.
    public func stop() {
        var byte = SignalWatcher.stopByte
        _ = write(wake.write, &byte, 1)
    }

    /// Serves until ``stop()``, then shuts down gracefully and returns.
    public func run() {
        retention.sweep()
        retention.start()
        keepAlive.start()
        worker.start()
        notifier.send([.ready, .status(book.statusLine)])
        notifier.start()
        log("ready: \(models.names().count) models, \(configuration.queueLimit) jobs at most, uid \(getuid())")
        acceptLoop()
        shutDown()
    }

    /// Accepts connections until the wake pipe is written.
    private func acceptLoop() {
        var fds = [
            pollfd(fd: socket.fd, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            fds[0].revents = 0
            fds[1].revents = 0
            let ready = poll(&fds, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                log("poll: \(String(cString: strerror(errno))); stopping")
                return
            }
            if fds[1].revents != 0, wakeAsksToStop() { return }
            if fds[0].revents != 0 { acceptOne() }
        }
    }

    /// Reads the wake pipe: true when it holds a stop; signals that are ignored are logged.
    private func wakeAsksToStop() -> Bool {
        var bytes = [UInt8](repeating: 0, count: 64)
        let count = bytes.withUnsafeMutableBytes { read(wake.read, $0.baseAddress, $0.count) }
        guard count > 0 else { return false }
        var stop = false
        for byte in bytes[..<count] {
            if SignalWatcher.stops(byte) {
                stop = true
            } else {
                log(
                    "\(SignalWatcher.name(Int32(byte))) ignored: jukeboxd reads its configuration only at start; "
                        + "restart it to apply changes")
            }
        }
        return stop
    }

    /// Accepts one pending connection and starts serving it.
    private func acceptOne() {
        let fd: Int32
        do {
            fd = try socket.accept()
        } catch SocketError.systemCall(_, let code) where code == EAGAIN || code == EWOULDBLOCK || code == ECONNABORTED
        {
            return
        } catch {
            log("\(error)")
            usleep(10_000)  // EMFILE and friends: do not spin
            return
        }
        let peer: PeerCredentials
        do {
            peer = try PeerCredentials(socket: fd)
        } catch {
            log("connection refused: \(error)")
            close(fd)
            return
        }
        if let reason = limits.admit(uid: peer.uid) {
            log("connection from uid \(peer.uid) refused: \(reason)")
            Self.refuse(fd, reason: reason)
            return
        }
        let connection = ClientConnection(
            fd: fd, peer: peer, hello: hello, handler: handler, sendTimeoutSeconds: sendTimeoutSeconds,
            limits: limits, timeouts: timeouts
        ) { [weak self, limits] closed in
            limits.release(uid: closed.peer.uid)
            _ = self?.connections.withLock { $0.removeValue(forKey: ObjectIdentifier(closed)) }
        }
        connections.withLock { $0[ObjectIdentifier(connection)] = connection }
        connection.start()
    }

    /// Answers a connection over the limits with one `busy` error line (instead of the
    /// greeting) and closes it, without a thread.
    private static func refuse(_ fd: Int32, reason: String) {
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let line = Reply(id: nil, body: .error(ErrorReply(code: .busy, message: "connection refused: " + reason))).line
        _ = line.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        close(fd)
    }

    /// Stops accepting, stops the running job resumably, waits for the worker, lets
    /// connections end, and closes the socket.
    private func shutDown() {
        log("stopping: no new connections; the running job stops at its next sampling step")
        socket.close()
        notifier.send([.stopping, .status("stopping")])
        book.beginShutdown()
        retention.stop()
        keepAlive.stop()
        if !worker.wait(timeout: Self.workerStopTimeout) {
            log("the running job did not stop within \(Self.workerStopTimeout); exiting anyway")
        }
        let open = connections.withLock { Array($0.values) }
        for connection in open { connection.stopReading() }
        let deadline = ContinuousClock.now + .seconds(2)
        while ContinuousClock.now < deadline, connections.withLock({ !$0.isEmpty }) {
            usleep(10_000)
        }
        for connection in connections.withLock({ Array($0.values) }) { connection.outbox.fail() }
        notifier.stop()
        stateLock.release()
        log("stopped")
    }

    deinit {
        close(wake.read)
        close(wake.write)
    }

    /// Loads every bundle before `READY=1`, extending systemd's start timeout for each.
    private func loadAllModels() {
        for name in models.names() {
            notifier.send([.extendTimeout(microseconds: 10 * 60 * 1_000_000), .status("loading model \(name)")])
            _ = try? models.load(name)
        }
    }
}
