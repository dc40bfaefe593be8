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
            let fd = try bindDatagramSocket(path)
            defer { close(fd) }
            let handler = JournalLogHandler(environment: ["JOURNAL_STREAM": "8:1"], journalSocket: path)
            #expect(handler.journalSocket == path)
            let log = DaemonLog(logger: Logger(label: "jukeboxd") { _ in handler })
            log("job j1: queued -> running", job: JobLogFields(job: "j1", uid: 1000, model: "classical"))
            log.logger.warning("disk nearly full\nsecond line")
            let firstDatagram = try #require(receiveDatagram(fd, timeout: 5))
            let first = try #require(JournalEntry(datagram: firstDatagram))
            #expect(
                first
                    == JournalEntry(fields: [
                        ("MESSAGE", "job j1: queued -> running"), ("PRIORITY", "6"), ("SYSLOG_IDENTIFIER", "jukeboxd"),
                        ("JUKEBOX_JOB", "j1"), ("JUKEBOX_MODEL", "classical"), ("JUKEBOX_UID", "1000"),
                    ]))
            let secondDatagram = try #require(receiveDatagram(fd, timeout: 5))
            let second = try #require(JournalEntry(datagram: secondDatagram))
            #expect(second.fields.first { $0.name == "MESSAGE" }?.value == "disk nearly full\nsecond line")
            #expect(second.fields.first { $0.name == "PRIORITY" }?.value == "4")
        }
    }

    @Test func withoutSystemdOrItsSocketLinesGoToStandardError() throws {
        try withTemporaryDirectory { root in
            let path = root + "/journal.sock"
            let fd = try bindDatagramSocket(path)
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
}
