import Foundation
import Glibc
import JukeboxTestSupport
import Logging
import Synchronization
import Testing

@testable import JukeboxDaemon

struct DaemonLogTests {
    @Test func linesGoThroughSwiftLogToTheSink() {
        let lines = Mutex<[String]>([])
        let log = DaemonLog { line in lines.withLock { $0.append(line) } }
        log("job j1: queued -> running")
        log.logger.warning("disk nearly full")
        #expect(lines.withLock { $0 } == ["job j1: queued -> running", "disk nearly full"])
        #expect(log.logger.label == "jukeboxd")
    }

    @Test func theJournalGetsPriorityPrefixesAndATerminalDoesNot() {
        #expect(JournalLogHandler(environment: ["JOURNAL_STREAM": "8:12345"]).priorityPrefix)
        #expect(!JournalLogHandler(environment: [:]).priorityPrefix)
        #expect(JournalLogHandler.priority(.info) == 6)
        #expect(JournalLogHandler.priority(.error) == 3)
        #expect(JournalLogHandler.priority(.critical) == 2)
        #expect(JournalLogHandler.priority(.debug) == 7)
    }
}

/// The journal's native protocol, against a real datagram socket standing in for journald's.
struct JournalFieldsTests {
    @Test func entriesRoundTripThroughTheNativeFormat() throws {
        let entry = JournalEntry(fields: [
            ("MESSAGE", "job j1: queued -> running"), ("PRIORITY", "6"), ("JUKEBOX_NOTE", "two\nlines"),
        ])
        let datagram = entry.datagram
        // A value with a newline goes as the name, a newline, its length (8 bytes LE) and the value.
        let text = String(decoding: datagram, as: UTF8.self)
        #expect(text.hasPrefix("MESSAGE=job j1: queued -> running\nPRIORITY=6\nJUKEBOX_NOTE\n"))
        #expect(datagram.count == 34 + 11 + 13 + 8 + 10)
        #expect(JournalEntry(datagram: datagram) == entry)
        #expect(JournalEntry(datagram: Array("MESSAGE".utf8)) == nil)
        #expect(JournalEntry.fieldName(forMetadataKey: "job") == "JUKEBOX_JOB")
        #expect(JournalEntry.fieldName(forMetadataKey: "queue-position") == "JUKEBOX_QUEUE_POSITION")
    }

    @Test func underSystemdAJobLineReachesTheJournalWithItsFields() throws {
        try withTemporaryDirectory { root in
            let path = root + "/journal.sock"
            let fd = try boundDatagramSocket(path)
            defer { close(fd) }
            let handler = JournalLogHandler(environment: ["JOURNAL_STREAM": "8:1"], journalSocket: path)
            #expect(handler.journalSocket == path)
            let log = DaemonLog(logger: Logger(label: "jukeboxd") { _ in handler })
            log("job j1: queued -> running", job: JobLogFields(job: "j1", uid: 1000, model: "classical"))
            log.logger.warning("disk nearly full\nsecond line")
            let first = try #require(JournalEntry(datagram: try receive(fd)))
            #expect(
                first
                    == JournalEntry(fields: [
                        ("MESSAGE", "job j1: queued -> running"), ("PRIORITY", "6"), ("SYSLOG_IDENTIFIER", "jukeboxd"),
                        ("JUKEBOX_JOB", "j1"), ("JUKEBOX_MODEL", "classical"), ("JUKEBOX_UID", "1000"),
                    ]))
            let second = try #require(JournalEntry(datagram: try receive(fd)))
            #expect(second.fields.first { $0.name == "MESSAGE" }?.value == "disk nearly full\nsecond line")
            #expect(second.fields.first { $0.name == "PRIORITY" }?.value == "4")
        }
    }

    @Test func withoutSystemdOrItsSocketLinesGoToStandardError() throws {
        try withTemporaryDirectory { root in
            let path = root + "/journal.sock"
            let fd = try boundDatagramSocket(path)
            defer { close(fd) }
            // Not under systemd: the socket is not used even where it exists.
            #expect(JournalLogHandler(environment: [:], journalSocket: path).journalSocket == nil)
            // Under systemd without the native socket: the stream, with priority prefixes.
            let stream = JournalLogHandler(environment: ["JOURNAL_STREAM": "8:1"], journalSocket: root + "/none")
            #expect(stream.journalSocket == nil)
            #expect(stream.priorityPrefix)
            // A socket that went away after start: the entry is not lost but written as a line.
            #expect(!JournalLogHandler.send(Array("MESSAGE=x\n".utf8), to: root + "/none"))
        }
    }

    private func boundDatagramSocket(_ path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        return fd
    }

    private func receive(_ fd: Int32) throws -> [UInt8] {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 5000) > 0 else { throw POSIXError(.ETIMEDOUT) }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = recv(fd, &buffer, buffer.count, 0)
        guard n > 0 else { throw POSIXError(.EIO) }
        return Array(buffer[..<n])
    }
}
