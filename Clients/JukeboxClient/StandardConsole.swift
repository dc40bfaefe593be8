#if canImport(Glibc)
    import Glibc
#endif

/// The process's standard output and standard error.
///
/// On a terminal the progress line is redrawn in place with `\r` and erase-to-end-of-line;
/// the next message starts on a fresh line.
public final class StandardConsole: Console {
    /// Whether standard error is a terminal.
    public let isTerminal: Bool
    /// Whether a progress line is on screen and not yet ended.
    private var progressShown = false

    /// The console of this process.
    public init() {
        isTerminal = isatty(2) == 1
    }

    public func result(_ line: String) {
        endProgress()
        Self.write(1, Array((line + "\n").utf8))
    }

    public func resultLine(_ bytes: [UInt8]) {
        Self.write(1, bytes + [UInt8(ascii: "\n")])
    }

    public func message(_ line: String) {
        endProgress()
        Self.write(2, Array((line + "\n").utf8))
    }

    public func progress(_ line: String) {
        guard isTerminal else { return }
        Self.write(2, Array(("\r" + line + "\u{1B}[K").utf8))
        progressShown = true
    }

    /// Ends a progress line on screen, so that the next output starts on its own line.
    private func endProgress() {
        guard progressShown else { return }
        progressShown = false
        Self.write(2, [UInt8(ascii: "\n")])
    }

    /// Writes all of `bytes` to `fd`; a failing write (a closed pipe) drops the rest.
    private static func write(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { return }
            offset += count
        }
    }
}
