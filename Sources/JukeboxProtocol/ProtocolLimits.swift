import JukeboxJSON

/// The fixed limits of protocol version 1, and the defaults of the configurable ones.
public enum ProtocolLimits {
    /// The default longest line, in bytes, not counting its `\n`: 64 MiB, room for about
    /// 48 MiB of audio file as base64 (several minutes of 16-bit stereo WAV at 44.1 kHz,
    /// far more as FLAC).
    public static let defaultMaxLineBytes = 64 << 20
    /// The smallest maximum line length a daemon may be configured with: 64 KiB.
    public static let minMaxLineBytes = 64 << 10
    /// The largest maximum line length: 1 GiB (the JSON parser takes at most 2 GiB).
    public static let maxMaxLineBytes = 1 << 30
    /// The deepest nesting of arrays and objects in a message; no message of this protocol
    /// needs more than 4.
    public static let maxDepth = 16

    /// The parser both sides use for lines of up to `maxLineBytes` bytes.
    /// - Parameter maxLineBytes: The line limit in force.
    public static func parser(maxLineBytes: Int = defaultMaxLineBytes) -> JSONParser {
        // + 1 leaves room for a '\r' the framer did not strip; the framer enforces the limit.
        JSONParser(maxBytes: maxLineBytes + 1, maxDepth: maxDepth)
    }
}
