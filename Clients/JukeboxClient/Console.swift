/// Where a command's output goes: results on standard output, messages and progress on
/// standard error (``StandardConsole``), or a recording in tests.
public protocol Console: AnyObject {
    /// Whether progress may be redrawn in place (standard error is a terminal).
    var isTerminal: Bool { get }
    /// Writes one line of results (standard output).
    func result(_ line: String)
    /// Writes one line of bytes as they are, with `\n` (standard output; used for `--json`).
    func resultLine(_ bytes: [UInt8])
    /// Writes one line for people (standard error), after ending a progress line in place.
    func message(_ line: String)
    /// Shows `line` as the progress line, replacing the one shown before (a terminal only).
    func progress(_ line: String)
}
