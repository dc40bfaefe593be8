import Foundation
import Glibc
import JukeboxProtocol
import JukeboxTestSupport
import Testing

@testable import JukeboxDaemon

/// The real `jukeboxd serve` under a stand-in journald: with `JOURNAL_STREAM` set it sends
/// its entries to `/run/systemd/journal/socket` with the job's fields. Runs only as root
/// where no journald owns that socket (it is made for the test and removed after).
struct JournalProcessTests {
    static let socketPath = JournalLogHandler.defaultJournalSocket

    @Test func theDaemonSendsJobLinesToTheJournalWithTheirFields() throws {
        guard getuid() == 0, !FileManager.default.fileExists(atPath: "/run/systemd/journal"),
            let executable = jukeboxdExecutable()
        else {
            print("skip: needs root, a built jukeboxd and no journald on this machine (/run/systemd/journal)")
            return
        }
        try FileManager.default.createDirectory(atPath: "/run/systemd/journal", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: "/run/systemd/journal") }
        let fd = try bindDatagramSocket(Self.socketPath)
        defer { close(fd) }
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            let daemon = try ServeProcess(folders, executable: executable, environment: ["JOURNAL_STREAM": "8:1"])
            defer { daemon.stop() }
            let client = try TestClient(folders.socket)
            _ = client.hello()
            client.send(submitLine(id: 1, seconds: 0.1, extra: ",\"watch\":true"))
            let events = client.stream(.integer(1), timeout: 300)
            let job = try #require(acceptedJob(events.first))
            guard case .done? = events.last else {
                Issue.record("the job did not finish: \(String(describing: events.last))")
                return
            }
            var entries: [JournalEntry] = []
            while let datagram = receiveDatagram(fd, timeout: 5), let entry = JournalEntry(datagram: datagram) {
                entries.append(entry)
                if entry.fields.contains(where: { $0.value.contains("running -> done") }) { break }
            }
            let values = entries.map { Dictionary($0.fields.map { ($0.name, $0.value) }) { first, _ in first } }
            let running = try #require(values.first { $0["MESSAGE"] == "job \(job): queued -> running" })
            #expect(running["JUKEBOX_JOB"] == "\(job)")
            #expect(running["JUKEBOX_UID"] == "0")
            #expect(running["JUKEBOX_MODEL"] == "tiny")
            #expect(running["PRIORITY"] == "6")
            #expect(running["SYSLOG_IDENTIFIER"] == "jukeboxd")
            #expect(
                values.contains { $0["MESSAGE"]?.contains("running -> done") == true && $0["JUKEBOX_JOB"] == "\(job)" })
            // Lines about no job carry no job fields.
            #expect(values.contains { $0["JUKEBOX_JOB"] == nil })
        }
    }
}

/// A datagram socket bound at `path`.
func bindDatagramSocket(_ path: String) throws -> Int32 {
    let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
    guard fd >= 0 else { throw POSIXError(.EIO) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
    }
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    guard bound == 0 else {
        close(fd)
        throw POSIXError(.EADDRINUSE)
    }
    return fd
}

/// The next datagram on `fd`, or nil after `timeout` seconds.
func receiveDatagram(_ fd: Int32, timeout: Double) -> [UInt8]? {
    var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    guard poll(&poller, 1, Int32(timeout * 1000)) > 0 else { return nil }
    var buffer = [UInt8](repeating: 0, count: 65536)
    let n = recv(fd, &buffer, buffer.count, 0)
    return n > 0 ? Array(buffer[..<n]) : nil
}
