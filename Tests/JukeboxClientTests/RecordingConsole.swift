import Foundation
import JukeboxClient

#if canImport(Glibc)
    import Glibc
#endif

/// A console that records what a command writes.
final class RecordingConsole: Console {
    let isTerminal: Bool
    /// Lines written to standard output, verbatim lines included.
    private(set) var stdout: [String] = []
    /// Lines written to standard error.
    private(set) var stderr: [String] = []
    /// Progress lines drawn in place.
    private(set) var progressLines: [String] = []

    init(isTerminal: Bool = false) {
        self.isTerminal = isTerminal
    }

    func result(_ line: String) { stdout.append(line) }
    func resultLine(_ bytes: [UInt8]) { stdout.append(String(decoding: bytes, as: UTF8.self)) }
    func message(_ line: String) { stderr.append(line) }
    func progress(_ line: String) { progressLines.append(line) }
}

/// A fresh empty folder under /tmp.
func temporaryFolder() -> String {
    let path = "/tmp/jukebox-client-test-\(UInt64.random(in: 0...UInt64.max))"
    precondition(mkdir(path, 0o755) == 0)
    return path
}

/// The files in `folder`, sorted.
func files(in folder: String) -> [String] {
    (try? FileManager.default.contentsOfDirectory(atPath: folder).sorted()) ?? []
}

/// Removes a folder made by ``temporaryFolder()`` and everything in it.
func removeFolder(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
}
