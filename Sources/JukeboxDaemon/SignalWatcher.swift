#if canImport(Glibc)
    import Glibc
#endif

/// The write end of the pipe SIGTERM and SIGINT are reported on; set once by
/// ``SignalWatcher/install(wakeFD:)`` before the handlers, read only by the handler.
/// A signal handler can reach nothing but global state, and a C `int` written before the
/// handler is installed is safe to read in it.
nonisolated(unsafe) private var signalWakeFD: Int32 = -1

/// Turns SIGTERM and SIGINT into a byte on a pipe the server's accept loop polls (the
/// self-pipe trick): the handler only calls `write(2)`, which is async-signal-safe, and the
/// shutdown itself runs on the server's thread. SIGPIPE is ignored, so a client that goes
/// away surfaces as `EPIPE` on a write.
enum SignalWatcher {
    /// The signals that stop the daemon.
    static let stopSignals: [Int32] = [SIGTERM, SIGINT]

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
        for number in stopSignals { sigaddset(&unblock, number) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        for number in stopSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { _ in
                var byte: UInt8 = 1
                _ = write(signalWakeFD, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
    }
}
