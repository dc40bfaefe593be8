import Dispatch
import Foundation
import JukeboxEngine
import JukeboxTensor

/// The one compute thread: takes the next job from the ``JobBook``, runs it with the engine
/// and records how it ended, one job at a time, until the daemon stops.
///
/// A job accepted by this process already has its run; a job queued again after a restart
/// is resumed from its folder (`GenerationRun.resume`), loading its model first if needed.
///
/// Each level of a job accepted by this process and run without a pause is timed, and the
/// time folded into the model's estimate corrections (``Estimator``); a resumed job's levels
/// are not (their first level ran partly before).
///
/// A job that meets a full disk is not failed: it pauses (watchers get `paused` with
/// `disk_full`) and goes on from its last saved window after ``diskFullRetry``, as often as
/// needed, until it ends, is cancelled or the daemon stops.
final class JobWorker: Sendable {
    private let book: JobBook
    private let store: JobStore
    private let models: ModelRegistry
    private let log: DaemonLog
    private let estimator: Estimator?
    /// How long a job paused by a full disk waits before it tries again.
    let diskFullRetry: Duration
    /// Signalled when the thread ends.
    private let ended = DispatchSemaphore(value: 0)

    /// A worker for `book`'s jobs, whose folders are in `store`.
    init(
        book: JobBook, store: JobStore, models: ModelRegistry, log: DaemonLog, estimator: Estimator? = nil,
        diskFullRetry: Duration = .seconds(30)
    ) {
        self.book = book
        self.estimator = estimator
        self.store = store
        self.models = models
        self.log = log
        self.diskFullRetry = diskFullRetry
    }

    /// Starts the thread.
    func start() {
        let thread = Thread { [self] in
            while let job = book.next() { execute(job) }
            ended.signal()
        }
        thread.name = "jukeboxd-worker"
        thread.stackSize = 16 << 20
        thread.start()
    }

    /// Waits until the thread has ended (after ``JobBook/beginShutdown()``).
    /// - Returns: false when it did not end within `timeout`.
    func wait(timeout: Duration) -> Bool {
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        return ended.wait(timeout: .now() + .nanoseconds(Int(nanoseconds))) == .success
    }

    /// Runs one job to its end.
    private func execute(_ job: JobBook.NextJob) {
        let id = job.id
        let model: ResidentModel
        let run: GenerationRun
        do {
            model = try models.load(job.model)
            if let existing = job.run {
                run = existing
            } else {
                run = try GenerationRun.resume(
                    folder: store.folder(of: id), pipeline: model.pipeline, bundleIdentity: model.identity)
                log("job \(id): resuming from its folder", job: job.logFields)
            }
        } catch {
            book.finished(id, .failure(error))
            return
        }
        // Models loaded by submits since this job was queued may have to go (idle ones only).
        models.makeRoom(for: job.model, needing: run.plan.totalBytes, inUse: book.modelsInUse())
        let estimate = try? estimator?.estimate(run, model: model)
        let wire = job.run == nil ? estimate.flatMap { estimator?.wire($0) } : nil
        guard book.started(id, run: run, sampleRateHz: model.bundle.config.sampleRateHz, estimate: wire) else {
            book.finished(id, .failure(EngineError.stopped(book.isStopping ? .shutdown : .cancel)))
            return
        }
        let timer = LevelTimer(
            model: model.name, estimate: job.run == nil ? nil : estimate, estimator: estimator)
        var result: Result<GenerationOutcome, any Error>
        while true {
            do {
                result = .success(
                    try run.run { [book] event in
                        book.event(id, event)
                        switch event {
                        case .levelDone(let level, _): timer.levelDone(level)
                        case .takeDropped: timer.invalidate()  // the level ran at two batch sizes
                        case .progress, .preview: break
                        }
                    })
            } catch EngineError.diskFull(let path) {
                timer.invalidate()
                book.paused(id, error: WireErrors.reply(for: EngineError.diskFull(path: path)), retry: diskFullRetry)
                if book.waitToRetry(id, after: diskFullRetry) { continue }  // from the last saved window
                result = .failure(EngineError.stopped(book.isStopping ? .shutdown : .cancel))
            } catch {
                result = .failure(error)
            }
            break
        }
        book.finished(id, result)
        models.touch(job.model)  // keep_alive counts from the end of the model's last job
        HeapPolicy.releaseFreeMemory()  // the job's buffers go back to the system while idle
    }
}
