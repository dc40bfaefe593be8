import JukeboxProtocol

/// The output files of a job's takes, named after the `-o` path.
///
/// One take writes the path itself; several put the take's number, counted from 1, before
/// the extension: `song.wav` gives `song-1.wav`, `song-2.wav`, ...; a name without an
/// extension gets the number at its end (`song` gives `song-1`).
public enum TakeFiles {
    /// The path take `take` (from 1) of `takes` is written to.
    /// - Parameters:
    ///   - output: The `-o` path.
    ///   - take: The take, from 1.
    ///   - takes: How many takes the job made.
    public static func path(_ output: String, take: Int, of takes: Int) -> String {
        guard takes > 1 else { return output }
        let slash = output.lastIndex(of: "/").map { output.index(after: $0) } ?? output.startIndex
        let name = output[slash...]
        // A dot that starts the name (".wav") marks a hidden file, not an extension.
        guard let dot = name.lastIndex(of: "."), dot > name.startIndex else { return output + "-\(take)" }
        return String(output[..<dot]) + "-\(take)" + String(output[dot...])
    }

    /// The audio format an output path asks for: FLAC for a `.flac` extension (any case),
    /// else WAV.
    public static func format(for output: String) -> AudioFormat {
        output.lowercased().hasSuffix(".flac") ? .flac : .wav
    }
}
