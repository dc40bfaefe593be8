/// Cuts a byte stream into `\n`-terminated lines, within a maximum line length.
///
/// Feed it whatever `read(2)` returns with ``push(_:)``; it returns the lines completed by
/// those bytes, in order. Rules:
///
/// - A line ends at `\n`. One `\r` just before the `\n` is dropped, so `\r\n` works too.
/// - Empty lines are skipped.
/// - A line longer than ``maxLineBytes`` (not counting `\n` or a final `\r`) is never held in
///   full: as soon as the partial line passes the limit, the framer drops what it has and
///   skips bytes up to the next `\n`, then reports ``FramerEvent/oversized(bytes:)`` with the
///   line's length and carries on with the next line. The memory held is therefore at most
///   ``maxLineBytes`` plus one chunk.
/// - At end of stream, ``finish()`` returns a last line that has no `\n`.
public struct LineFramer: Sendable {
    /// The longest line accepted, in bytes, not counting its `\n` or a `\r` before it.
    public let maxLineBytes: Int
    /// The bytes of the line in progress (never more than `maxLineBytes + 1`).
    private var partial: [UInt8] = []
    /// Whether the line in progress is over the limit and being skipped.
    private var skipping = false
    /// The length of the line being skipped so far.
    private var skippedBytes = 0

    /// A framer.
    /// - Parameter maxLineBytes: The longest line accepted, at least 1.
    public init(maxLineBytes: Int = ProtocolLimits.defaultMaxLineBytes) {
        precondition(maxLineBytes >= 1, "LineFramer: maxLineBytes must be positive")
        self.maxLineBytes = maxLineBytes
    }

    /// Whether bytes of an unfinished line are pending.
    public var hasPartialLine: Bool { skipping || !partial.isEmpty }

    /// Bytes of the unfinished line held in memory (a line being skipped holds none).
    public var bufferedBytes: Int { partial.count }

    /// Takes the next bytes of the stream.
    /// - Parameter chunk: Any number of bytes, split anywhere.
    /// - Returns: The lines (and oversized-line reports) the chunk completes, in order.
    public mutating func push(_ chunk: UnsafeRawBufferPointer) -> [FramerEvent] {
        let bytes = chunk.bindMemory(to: UInt8.self)
        var events: [FramerEvent] = []
        var start = 0
        while start < bytes.count {
            guard let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) else {
                take(UnsafeBufferPointer(rebasing: bytes[start...]))
                break
            }
            take(UnsafeBufferPointer(rebasing: bytes[start..<newline]))
            if let event = endLine() { events.append(event) }
            start = newline + 1
        }
        return events
    }

    /// Takes the next bytes of the stream.
    /// - Parameter chunk: Any number of bytes, split anywhere.
    /// - Returns: The lines (and oversized-line reports) the chunk completes, in order.
    public mutating func push(_ chunk: [UInt8]) -> [FramerEvent] {
        chunk.withUnsafeBytes { push($0) }
    }

    /// Ends the stream.
    /// - Returns: The last line if it had no `\n` (or its oversized report), else nil.
    public mutating func finish() -> FramerEvent? {
        endLine()
    }

    /// Adds bytes without a newline to the line in progress, switching to skipping when it
    /// passes the limit.
    private mutating func take(_ bytes: UnsafeBufferPointer<UInt8>) {
        if skipping {
            skippedBytes += bytes.count
        } else if partial.count + bytes.count > maxLineBytes + 1 {  // + 1: a '\r' may come off
            skipping = true
            skippedBytes = partial.count + bytes.count
            partial = []
        } else {
            partial.append(contentsOf: bytes)
        }
    }

    /// Ends the line in progress.
    private mutating func endLine() -> FramerEvent? {
        if skipping {
            let length = skippedBytes
            skipping = false
            skippedBytes = 0
            return .oversized(bytes: length)
        }
        var line = partial
        partial = []
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        if line.isEmpty { return nil }
        guard line.count <= maxLineBytes else { return .oversized(bytes: line.count) }
        return .line(line)
    }
}

/// What ``LineFramer`` found in the stream.
public enum FramerEvent: Equatable, Sendable {
    /// A complete line, without its `\n` (and without a `\r` before it).
    case line([UInt8])
    /// A line longer than the limit was skipped; `bytes` is its length without the `\n`.
    /// Answer it with a `line_too_long` error; the stream continues with the next line.
    case oversized(bytes: Int)
}
