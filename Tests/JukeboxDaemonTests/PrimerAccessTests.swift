import Foundation
import Glibc
import JukeboxTestSupport
import Synchronization
import Testing

@testable import JukeboxDaemon

/// `primer_path` for a client other than root: read only what the client could read, and
/// no file swapped in between a check and the open. Needs root, to make files of other users.
@Suite(.enabled(if: getuid() == 0, "needs root to act for another uid"))
struct PrimerAccessTests {
    static let nobody = PeerCredentials(pid: 1, uid: 65534, gid: 65534)

    /// `root/secret/take.wav` (0700 folder, root's) and `root/open/` (0755), in a 0755 root.
    func layout(_ root: String) throws -> (secret: String, open: String) {
        chmod(root, 0o755)
        let secret = root + "/secret"
        let open = root + "/open"
        try FileManager.default.createDirectory(atPath: secret, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: open, withIntermediateDirectories: true)
        chmod(secret, 0o700)
        chmod(open, 0o755)
        try Data("secret audio".utf8).write(to: URL(fileURLWithPath: secret + "/take.wav"))
        chmod(secret + "/take.wav", 0o644)
        try Data("open audio".utf8).write(to: URL(fileURLWithPath: open + "/take.wav"))
        chmod(open + "/take.wav", 0o644)
        return (secret, open)
    }

    @Test func readsWhatTheClientMayReadThroughLinksAndNothingElse() throws {
        try withTemporaryDirectory { root in
            let (secret, open) = try layout(root)
            #expect(
                try PrimerAccess.read(open + "/take.wav", for: Self.nobody, maxBytes: 1000) == Array("open audio".utf8))
            symlink(open, root + "/to-open")
            symlink("open/take.wav", root + "/rel-link")
            #expect(try PrimerAccess.read(root + "/to-open/./take.wav", for: Self.nobody, maxBytes: 1000).count == 10)
            #expect(try PrimerAccess.read(root + "/rel-link", for: Self.nobody, maxBytes: 1000).count == 10)
            #expect(try PrimerAccess.read(open + "/../open/take.wav", for: Self.nobody, maxBytes: 1000).count == 10)
            symlink(secret, root + "/to-secret")
            for path in [
                secret + "/take.wav", root + "/to-secret/take.wav", open, open + "/missing.wav", "relative.wav",
            ] {
                #expect(throws: DaemonError.self, "\(path)") {
                    _ = try PrimerAccess.read(path, for: Self.nobody, maxBytes: 1000)
                }
            }
            // A link loop ends.
            symlink(root + "/loop-b", root + "/loop-a")
            symlink(root + "/loop-a", root + "/loop-b")
            #expect(throws: DaemonError.self) {
                _ = try PrimerAccess.read(root + "/loop-a", for: Self.nobody, maxBytes: 1000)
            }
        }
    }

    @Test func aFolderSwappedForALinkNeverLendsTheDaemonsRights() throws {
        try withTemporaryDirectory { root in
            let (secret, _) = try layout(root)
            // `root/swap` flips between a readable folder holding no take.wav and a link to
            // the secret folder: every answer must be a refusal.
            let swap = root + "/swap"
            let stop = Atomic<Bool>(false)
            let swapper = Thread {
                while !stop.load(ordering: .relaxed) {
                    mkdir(swap, 0o755)
                    rmdir(swap)
                    symlink(secret, swap)
                    unlink(swap)
                }
            }
            swapper.start()
            defer { stop.store(true, ordering: .relaxed) }
            var leaks = 0
            for _ in 0..<20_000 {
                if (try? PrimerAccess.read(swap + "/take.wav", for: Self.nobody, maxBytes: 1000)) != nil { leaks += 1 }
            }
            #expect(leaks == 0)
        }
    }
}
