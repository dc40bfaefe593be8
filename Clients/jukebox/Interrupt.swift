#if canImport(Glibc)
    import Glibc
#endif

/// The write end of the interrupt pipe, for the signal handler (set once, before the handler).
nonisolated(unsafe) private var interruptWriteFD: Int32 = -1

/// Turns ^C (SIGINT) into a readable pipe, so that a client blocked on the daemon's socket
/// can stop cleanly, say what happens to the job, and exit 130.
enum Interrupt {
    /// Installs the SIGINT handler and returns the pipe's read end; nil when no pipe can be
    /// made (^C then ends the process the default way).
    static func install() -> Int32? {
        var fds: [Int32] = [0, 0]
        // A blocking pipe: the handler writes one byte per ^C, far below the pipe's capacity.
        guard pipe(&fds) == 0 else { return nil }
        interruptWriteFD = fds[1]
        signal(SIGINT) { _ in
            var byte: UInt8 = 1
            _ = write(interruptWriteFD, &byte, 1)
        }
        return fds[0]
    }
}
