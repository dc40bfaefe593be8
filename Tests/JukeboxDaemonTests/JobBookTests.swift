import Dispatch
import Foundation
import JukeboxEngine
import JukeboxProtocol
import Synchronization
import Testing

@testable import JukeboxDaemon

/// A journal storage that records what it is asked to write and stalls, until released, on
/// the first record in state `stallOn`.
final class StallingStorage: JournalStorage {
    let stallOn: JobState
    /// Signalled when the stalling write begins.
    let entered = DispatchSemaphore(value: 0)
    /// Signal to let the stalling write finish.
    let release = DispatchSemaphore(value: 0)
    private let written = Mutex<[DaemonJobRecord]>([])
    private let primersDropped = Mutex<[JobID]>([])
    private let stalled = Mutex(false)

    init(stallOn: JobState) { self.stallOn = stallOn }

    var saved: [DaemonJobRecord] { written.withLock { $0 } }
    var dropped: [JobID] { primersDropped.withLock { $0 } }

    func save(_ record: DaemonJobRecord) throws(DaemonError) {
        let stall =
            record.state == stallOn
            && stalled.withLock { stalled in
                defer { stalled = true }
                return !stalled
            }
        if stall {
            entered.signal()
            release.wait()
        }
        written.withLock { $0.append(record) }
    }

    func dropPrimer(of id: JobID) { primersDropped.withLock { $0.append(id) } }
}

/// A feed that records the events of each job.
final class RecordingFeed: JobEventFeed {
    private let events = Mutex<[(JobID, ReplyBody)]>([])
    var all: [(JobID, ReplyBody)] { events.withLock { $0 } }

    func attach(_ watcher: Watcher, to job: JobID, start: WatchStart) {}
    func publish(_ body: ReplyBody, of job: JobID) { events.withLock { $0.append((job, body)) } }
    func progress(_ event: ProgressEvent, of job: JobID) { events.withLock { $0.append((job, .progress(event))) } }
    func finish(_ job: JobID, with last: ReplyBody) { events.withLock { $0.append((job, last)) } }
}

/// The book on its own, with a journal that stalls: its lock guards no I/O, and changes reach
/// the disk in order and are shown and announced only once written.
@Suite struct JobBookTests {
    /// A queued job of uid 1000 as loaded at start-up.
    static func queuedJob(_ name: String, sequence: Int = 0) throws -> StoredJob {
        let record = DaemonJobRecord(
            id: try #require(JobID(name)), owner: 1000, state: .queued, model: "tiny", createdUnixS: 1_700_000_000,
            sequence: sequence)
        return StoredJob(record: record, spec: GenerationSpec(mode: .ancestral, seconds: 1, takes: 2, levels: [2]))
    }

    /// Runs `body` on a new thread; the semaphore is signalled when it returns.
    static func inThread(_ body: @escaping @Sendable () -> Void) -> DispatchSemaphore {
        let finished = DispatchSemaphore(value: 0)
        Thread {
            body()
            finished.signal()
        }.start()
        return finished
    }

    @Test func queriesAnswerWhileTheJournalStallsAndTheChangeIsShownOnceWritten() throws {
        let storage = StallingStorage(stallOn: .cancelled)
        let feed = RecordingFeed()
        let job = try Self.queuedJob("jqueued")
        let id = job.record.id
        let book = JobBook(jobs: [job], limit: 4, journal: JobJournal(storage: storage), feed: feed, log: .discard)
        let cancelled = Self.inThread { try? book.cancel(id, for: 1000) }
        #expect(storage.entered.wait(timeout: .now() + 10) == .success, "the journal never wrote the cancel")

        // The write stalls; the book answers at once and shows the job as last written.
        let clock = ContinuousClock()
        var summaries: [JobSummary] = []
        var counts = (queued: -1, running: -1)
        var line = ""
        var shown: StoredJob?
        let elapsed = try clock.measure {
            summaries = book.summaries(for: 0)
            counts = book.counts
            line = book.statusLine
            shown = try book.job(id, for: 1000)
            try book.checkRoom()
        }
        #expect(elapsed < .seconds(1), "queries took \(elapsed) while the journal stalled")
        #expect(summaries.map(\.state) == [.queued])
        #expect(summaries.map(\.takes) == [2])
        #expect(shown?.record.state == .queued)
        #expect(counts.queued == 0 && counts.running == 0)
        #expect(line == "0 queued")
        #expect(feed.all.isEmpty, "cancelled was announced before it was written")
        #expect(storage.dropped.isEmpty, "the primer went before the cancel was written")
        #expect(cancelled.wait(timeout: .now() + 0.3) == .timedOut, "cancel answered before its write")

        storage.release.signal()
        #expect(cancelled.wait(timeout: .now() + 10) == .success)
        #expect(storage.saved.map(\.state) == [.cancelled])
        #expect(book.summaries(for: 0).map(\.state) == [.cancelled])
        #expect(storage.dropped == [id])
        guard case .cancelled(let announced)? = feed.all.last?.1 else {
            Issue.record("no cancelled event: \(feed.all)")
            return
        }
        #expect(announced == id)
    }

    @Test func aJobsChangesReachTheDiskInTheOrderTheyWereMade() throws {
        let storage = StallingStorage(stallOn: .running)
        let feed = RecordingFeed()
        let job = try Self.queuedJob("jfirst")
        let id = job.record.id
        let lines = LogLines()
        let book = JobBook(jobs: [job], limit: 4, journal: JobJournal(storage: storage), feed: feed, log: lines.log)
        let next = Mutex<JobBook.NextJob?>(nil)
        let started = Self.inThread { next.withLock { $0 = book.next() } }
        #expect(storage.entered.wait(timeout: .now() + 10) == .success, "the worker's start was not written")
        // The cancel is made while `running` is still being written: it is queued behind it.
        let cancelled = Self.inThread { try? book.cancel(id, for: 0) }
        #expect(cancelled.wait(timeout: .now() + 0.3) == .timedOut)
        #expect(started.wait(timeout: .now()) == .timedOut, "the worker got the job before it was written running")
        #expect(book.summaries(for: 0).map(\.state) == [.queued])
        #expect(book.counts.running == 1)

        storage.release.signal()
        #expect(started.wait(timeout: .now() + 10) == .success)
        #expect(cancelled.wait(timeout: .now() + 10) == .success)
        #expect(storage.saved.map(\.state) == [.running, .cancelled])
        #expect(storage.saved.first?.startsWithoutProgress == 1)
        #expect(storage.dropped.isEmpty, "a running job's primer is the engine's to keep")
        #expect(lines.all.contains("job jfirst: queued -> running"))
        #expect(lines.all.contains("job jfirst: running -> cancelled by uid 0"))
        #expect(book.summaries(for: 0).map(\.state) == [.cancelled])
        #expect(next.withLock { $0?.id } == id)

        // The worker, told too late, finds the job cancelled and writes nothing more.
        book.finished(id, .failure(EngineError.stopped(.cancel)))
        #expect(storage.saved.count == 2)
        #expect(lines.all.contains("job jfirst: stopped (cancelled)"))
    }

    @Test func aFullQueueRefusesAndOtherUsersSeeNothing() throws {
        let storage = StallingStorage(stallOn: .done)
        let jobs = [try Self.queuedJob("ja", sequence: 0), try Self.queuedJob("jb", sequence: 1)]
        let book = JobBook(
            jobs: jobs, limit: 2, journal: JobJournal(storage: storage), feed: RecordingFeed(), log: .discard)
        #expect(throws: DaemonError.busy(limit: 2)) { try book.checkRoom() }
        #expect(book.summaries(for: 1000).map(\.job.rawValue) == ["ja", "jb"])
        #expect(book.summaries(for: 1001).isEmpty)
        #expect(throws: DaemonError.jobNotFound(jobs[0].record.id)) { try book.cancel(jobs[0].record.id, for: 1001) }
        #expect(storage.saved.isEmpty)
    }
}
