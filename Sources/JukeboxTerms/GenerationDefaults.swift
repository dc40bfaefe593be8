/// The values a generation request gets for what it leaves out: the one place they are
/// written, read by the wire protocol, the engine's spec, `jukebox` and `jukeboxd continue`.
///
/// Per-level lists (temperatures, hop fractions, levels) are written **top level first**
/// everywhere: `[level 2, level 1, level 0]` for the three-level models. No entry point
/// reads them in another order.
public enum GenerationDefaults {
    /// Sampling temperature per level, top first: 0.98 at the top, 0.99 below, as in the
    /// reference's scripts.
    public static let temperatures = [0.98, 0.99, 0.99]
    /// Hop between windows as a fraction of a level's context, top first: 0.125 at the top,
    /// 0.5 below, as in the reference's README.
    public static let hopFractions = [0.125, 0.5, 0.5]
    /// Takes of a daemon job (`submit`, `jukebox`).
    public static let takes = 3
    /// Takes of a run in one process (`jukeboxd continue`), where the wait is the user's.
    public static let localTakes = 1
    /// Keep every token (no top-k filter).
    public static let topK = 0

    /// ``temperatures`` as the command lines write it: `0.98,0.99,0.99`.
    public static var temperaturesText: String { temperatures.map { "\($0)" }.joined(separator: ",") }
    /// ``hopFractions`` as the command lines write it: `0.125,0.5,0.5`.
    public static var hopFractionsText: String { hopFractions.map { "\($0)" }.joined(separator: ",") }

    /// The levels sampled when a request leaves them out: every level, or every level below
    /// the top to upsample; top first.
    public static func levels(for mode: GenerationMode, levelCount: Int = 3) -> [Int] {
        let first = mode == .upsample ? levelCount - 2 : levelCount - 1
        return first < 0 ? [] : Array(stride(from: first, through: 0, by: -1))
    }
}
