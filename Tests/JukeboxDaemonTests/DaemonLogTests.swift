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
