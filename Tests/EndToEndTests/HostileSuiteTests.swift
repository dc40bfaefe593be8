import Foundation
import Testing

/// The hostile suite (Tests/e2e-python/hostile_suite.py, standard-library Python) attacks the
/// real daemon: malformed and oversized lines, NaN weights and tiny temperatures, crashes in the
/// middle of jobs, decompression bombs, connection floods, a primer_path race through a swapped
/// symlink, signals, a second daemon, a full disk, a damaged state folder and a kill soak. Each
/// group starts its own daemons in a temporary folder and cleans up after itself; the groups
/// that need root (tmpfs, setuid to nobody) print skip lines otherwise. One test per group, one
/// after another: the groups time connections and measure memory, which parallel runs would
/// disturb.
@Suite(.serialized)
struct HostileSuiteTests {
    static let python = "/usr/bin/python3"
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("e2e-python/hostile_suite.py").path

    static let groups = [
        "protocol", "poison", "labels", "bombs", "connections", "primer-race", "cancel-leak", "signals",
        "two-daemons", "full-disk", "damaged-state", "kill-soak",
    ]

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: python), "needs /usr/bin/python3"),
          arguments: groups)
    func hostileGroup(_ group: String) throws {
        let result = try run(
            Self.python, [Self.script, Binaries.jukeboxd, group], environment: ["HOSTILE_SOAK_CYCLES": "20"])
        let output = "--- stdout\n\(result.stdout)--- stderr\n\(result.stderr)"
        #expect(result.status == 0, "hostile_suite.py \(group) exited \(result.status)\n\(output)")
        // The script ends with its count; a group that ran no check at all is a broken harness.
        let last = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasSuffix(" 0 failed"), "last line: \(last)\n\(result.stdout)")
        #expect(result.stdout.contains("ok   [\(group)]") || result.stdout.contains("skip [\(group)]"),
                "no check of \(group) ran:\n\(result.stdout)")
    }
}
