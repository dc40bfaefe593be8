import Foundation
import JukeboxEngine
import JukeboxProtocol
import JukeboxTestSupport
import JukeboxWeights
import Testing

@testable import JukeboxDaemon

/// What the `no_space` check counts: a finished job's folder never holds more than the bytes
/// the daemon asked for before accepting it, and the state folder's size counts every file.
@Suite(.serialized) struct DiskSpaceTests {
    @Test func aFinishedJobTakesNoMoreThanItsCheckedNeeds() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            let job = try withDaemon(folders) { _, client -> JobID? in
                client.send(submitLine(id: 1, seconds: 0.2, takes: 2, levels: "[2,1]", extra: ",\"watch\":true"))
                return acceptedJob(client.stream(.integer(1), timeout: 300).first)
            }
            let folder = folders.state + "/jobs/" + (try #require(job)).rawValue
            let record = try JobRecord.load(from: JobFolder(folder))
            let hops = TinyBundle.config(createdBy: "x").vqvae.hopLengths
            let needed = DiskSpace.bytesNeeded(by: record, hopLengths: hops, primerBytes: 0)
            let used = DiskSpace.usedBytes(under: folder)
            print("disk: a finished tiny job (2 takes, 0.2 s, levels 2,1) holds \(used) bytes; checked for \(needed)")
            #expect(used > 0 && used <= needed)
            // Without the 1 MiB reserve the files alone are still covered.
            #expect(used - 8192 <= needed - DiskSpace.reserveBytes)
        }
    }

    @Test func theStateFolderSizeCountsEveryFileAndFreeSpaceIsRead() throws {
        try withTemporaryDirectory { root in
            try FileManager.default.createDirectory(atPath: root + "/a/b", withIntermediateDirectories: true)
            try Data(repeating: 7, count: 100_000).write(to: URL(fileURLWithPath: root + "/a/b/one"))
            try Data(repeating: 7, count: 50_000).write(to: URL(fileURLWithPath: root + "/a/two"))
            let used = DiskSpace.usedBytes(under: root)
            #expect(used >= 150_000 && used < 150_000 + 64 << 10)
            #expect(DiskSpace.usedBytes(under: root + "/missing") == 0)
            #expect((DiskSpace.freeBytes(at: root) ?? 0) > 0)
            #expect(DiskSpace.freeBytes(at: root + "/missing") == nil)
        }
    }
}
