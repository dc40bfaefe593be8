#if canImport(Glibc)
    import Glibc
#endif

/// The write end of the pipe the signals are reported on; set once by
/// ``SignalWatcher/install(wakeFD:)`` before the handlers, read only by the handler.
/// A signal handler can reach nothing but global state, and a C `int` written before the
/// handler is installed is safe to read in it.
nonisolated(unsafe) private var signalWakeFD: Int32 = -1

/// Turns signals into a byte (the signal's number) on a pipe the server's accept loop polls
/// (the self-pipe trick): the handler only calls `write(2)`, which is async-signal-safe, and
/// the work runs on the server's thread. SIGTERM and SIGINT stop the daemon; SIGHUP, SIGUSR1
/// and SIGUSR2, whose default action would kill it mid-job, are logged and ignored. SIGPIPE
/// is ignored, so a client that goes away surfaces as `EPIPE` on a write.
enum SignalWatcher {
    /// The signals that stop the daemon.
    static let stopSignals: [Int32] = [SIGTERM, SIGINT]
    /// The signals that are logged and otherwise ignored.
    static let ignoredSignals: [Int32] = [SIGHUP, SIGUSR1, SIGUSR2]
    /// The byte ``DaemonServer/stop()`` writes (no signal has this number).
    static let stopByte: UInt8 = 255

    /// Whether a byte read from the pipe asks the daemon to stop.
    static func stops(_ byte: UInt8) -> Bool {
        byte == stopByte || stopSignals.contains(Int32(byte))
    }

    /// A signal's name for the log.
    static func name(_ number: Int32) -> String {
        switch number {
        case SIGHUP: "SIGHUP"
        case SIGUSR1: "SIGUSR1"
        case SIGUSR2: "SIGUSR2"
        case SIGTERM: "SIGTERM"
        case SIGINT: "SIGINT"
        default: "signal \(number)"
        }
    }

    /// Installs the handlers; each signal writes one byte to `wakeFD` (non-blocking).
    ///
    /// The signals are also unblocked in the calling thread (and so in the threads it starts
    /// later): a parent may hand down a mask that blocks them, as Foundation's `Process` does
    /// when started from a thread that blocks them.
    static func install(wakeFD: Int32) {
        signalWakeFD = wakeFD
        signal(SIGPIPE, SIG_IGN)
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for number in stopSignals + ignoredSignals { sigaddset(&unblock, number) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        for number in stopSignals + ignoredSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(signalWakeFD, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
    }
}
