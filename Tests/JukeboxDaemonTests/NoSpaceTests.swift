import Foundation
import Glibc
import JukeboxDaemon
import JukeboxProtocol
import JukeboxTestSupport
import Testing

/// A submit whose files would not fit on the state folder's file system is refused with
/// `no_space` before anything is written: on a small tmpfs mounted on the state folder (as root;
/// the test prints why and passes when it cannot mount), existing jobs stay intact and the
/// daemon keeps serving.
@Suite(.serialized) struct NoSpaceTests {
    /// Mounts a tmpfs of `megabytes` on `path`; nil when it is mounted, else why not.
    static func mountTmpfs(_ path: String, megabytes: Int) -> String? {
        guard getuid() == 0 else { return "not root" }
        guard let result = try? run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m,mode=0750", "tmpfs", path])
        else { return "mount(8) cannot run" }
        return result.status == 0 ? nil : "mount -t tmpfs failed: \(result.output)"
    }

    /// Every file under `path` with its size.
    static func files(under path: String) -> [String: Int] {
        var found: [String: Int] = [:]
        guard let walker = FileManager.default.enumerator(atPath: path) else { return found }
        while let name = walker.nextObject() as? String {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + name)
            if attributes?[.type] as? FileAttributeType == .typeRegular {
                found[name] = (attributes?[.size] as? Int) ?? -1
            }
        }
        return found
    }

    @Test func aJobThatWouldNotFitIsRefusedWithNothingLost() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            if let reason = Self.mountTmpfs(folders.state, megabytes: 8) {
                print("skip aJobThatWouldNotFitIsRefusedWithNothingLost: \(reason)")
                return
            }
            defer { _ = try? run("/bin/umount", ["-l", folders.state]) }
            try withDaemon(folders) { _, client in
                let kept = try #require(Removal.finish(client, id: 1).0)
                let keptFiles = Self.files(under: folders.state + "/jobs/\(kept)")
                #expect(keptFiles.keys.contains("tokens-level-2.bin"))

                // Fill the file system to leave 256 KiB: less than any job's reserve.
                let filler = folders.state + "/filler"
                let free = try #require(DiskSpaceProbe.freeBytes(folders.state))
                let fd = open(filler, O_CREAT | O_WRONLY, 0o600)
                #expect(fd >= 0)
                #expect(posix_fallocate(fd, 0, off_t(free - (256 << 10))) == 0)
                close(fd)

                guard case .error(let refusal)? = client.request(submitLine(id: 2, seconds: 0.1)) else {
                    Issue.record("a job was accepted on a full file system")
                    return
                }
                #expect(refusal.code == .noSpace)
                #expect(refusal.message.contains("MiB"))
                let estimate = client.request(
                    "{\"op\":\"estimate\",\"id\":3,\"model\":\"tiny\",\"mode\":\"ancestral\",\"seconds\":0.1,\"levels\":[2]}"
                )
                #expect(errorCode(estimate) == .noSpace)
                #expect(folders.jobFolders == [kept.rawValue])
                #expect(Self.files(under: folders.state + "/jobs/\(kept)") == keptFiles)
                #expect(Removal.jobs(client).map(\.job) == [kept])
                guard case .status(let status)? = client.request("{\"op\":\"status\",\"id\":4}") else {
                    Issue.record("no status on a full file system")
                    return
                }
                #expect((status.stateFreeBytes ?? .max) <= 256 << 10)
                #expect((status.stateBytes ?? 0) >= free - (256 << 10))

                unlink(filler)
                let (again, bodies) = Removal.finish(client, id: 5)
                #expect(again != nil)
                guard case .done? = bodies.last else {
                    Issue.record("the job after freeing space did not finish: \(bodies)")
                    return
                }
            }
        }
    }
}

/// `statvfs` of a path, as the daemon reads it, for setting up a full file system.
enum DiskSpaceProbe {
    static func freeBytes(_ path: String) -> Int64? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }
}
