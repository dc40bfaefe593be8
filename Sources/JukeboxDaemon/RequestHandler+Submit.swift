import Dispatch
import Foundation
import JukeboxAudio
import JukeboxEngine
import JukeboxProtocol

extension RequestHandler {
    /// Submits checking their primer and labels at once (each decodes audio); more wait.
    static let primerPreparations = DispatchSemaphore(value: 2)

    /// Runs `body` in one of the ``primerPreparations`` slots.
    static func inPreparationSlot<T>(_ body: () throws -> T) rethrows -> T {
        primerPreparations.wait()
        defer { primerPreparations.signal() }
        return try body()
    }

    /// A checked request: its model, the engine's run (nothing written yet) and the job id
    /// it would have.
    struct CheckedJob {
        let model: ResidentModel
        let run: GenerationRun
        let id: JobID
        /// The primer file's size (0 without one).
        let primerBytes: Int
    }

    /// `submit`: checks everything before anything is written (room in the queue, the model,
    /// the earlier job, the primer, then the engine's checks of labels, lengths, audio and
    /// memory), then creates the job's folder, saves its record and queues it. A refused
    /// request leaves nothing behind.
    func submit(_ submit: SubmitRequest, id: RequestID, from connection: ClientConnection) throws {
        let peer = connection.peer
        try book.checkRoom()
        let checked = try check(submit, from: peer)
        let (model, run, jobID) = (checked.model, checked.run, checked.id)
        models.makeRoom(for: submit.model, needing: run.plan.totalBytes, inUse: book.modelsInUse())
        try checkSpace(for: run, model: model, primerBytes: checked.primerBytes)
        // Pricing the job never refuses it.
        let estimate = try? estimator.wire(estimator.estimate(run, model: model))
        do {
            try run.prepare()
            let record = DaemonJobRecord(
                id: jobID, owner: peer.uid, state: .queued, model: submit.model,
                createdUnixS: Int64(Date().timeIntervalSince1970), sequence: 0)
            let watcher = submit.watch ? Watcher(connection: connection, requestID: id) : nil
            do {
                let accepted = try book.submit(
                    record, run: run, sampleRateHz: model.bundle.config.sampleRateHz, estimate: estimate,
                    watcher: watcher)
                if watcher == nil { connection.reply(id, .accepted(accepted)) }
            } catch {
                watcher?.drop()
                throw error
            }
        } catch {
            store.discard(jobID)
            throw error
        }
    }

    /// Every check of a `submit` after the room in the queue: the model (loaded), the earlier
    /// job, the primer, then the engine's checks of labels, lengths, audio and memory. Writes
    /// nothing.
    func check(_ submit: SubmitRequest, from peer: PeerCredentials) throws -> CheckedJob {
        let model = try models.load(submit.model)
        var source: SourceTake? = nil
        if let reference = submit.source {
            let earlier = try book.job(reference.job, for: peer.uid)
            guard earlier.record.model == submit.model else {
                throw DaemonError.invalidField(
                    field: "job", reason: "job \(reference.job) ran model \(earlier.record.model), not \(submit.model)")
            }
            guard reference.take < earlier.spec.takes else {
                throw DaemonError.outputNotFound(job: reference.job, what: "take \(reference.take)")
            }
            guard earlier.record.state == .done else {
                throw DaemonError.notReady(
                    job: reference.job, what: "its takes (it is \(earlier.record.state.rawValue))")
            }
            source = SourceTake(folder: store.folder(of: reference.job), take: reference.take)
        }
        var primer: [UInt8]? = nil
        switch submit.primer {
        case .bytes(let bytes): primer = bytes
        case .path(let path): primer = try PrimerAccess.read(path, for: peer, maxBytes: configuration.maxLineBytes)
        case nil: break
        }
        let seed = submit.seed.map { UInt64($0) } ?? UInt64.random(in: 0...UInt64(Int64.max))
        let spec = EventMapping.spec(submit, seed: seed, source: source)
        let jobID = store.newID()
        let folder = store.folder(of: jobID)
        // One job runs at a time, and a model's pages leave the process when its phase of a
        // job is over (WeightFiles): the job's own plan is what must fit; idle models of others
        // are unloaded to make room (ModelRegistry.makeRoom).
        let budget = configuration.memoryBudgetBytes
        // Decoding a primer is the costly part of a submit: two at a time, the rest wait.
        let run = try Self.inPreparationSlot {
            try GenerationRun(
                spec: spec, folder: folder, pipeline: model.pipeline, bundleIdentity: model.identity,
                primer: primer,
                primerLimits: AudioLimits(maxDurationSeconds: configuration.maxPrimerSeconds), memoryBudget: budget,
                origin: JobOrigin(
                    model: submit.model, bundleSHA256: BundleIdentity.configSHA256(bundlePath: model.bundle.path),
                    software: "jukeboxd \(JukeboxVersion.string)", job: jobID.rawValue))
        }
        return CheckedJob(model: model, run: run, id: jobID, primerBytes: primer?.count ?? 0)
    }

    /// Refuses a job whose files would not fit on the state folder's file system
    /// (``DiskSpace/bytesNeeded(by:hopLengths:primerBytes:)`` against its free space), before
    /// anything is written. A file system whose free space cannot be read is not refused.
    /// - Throws: ``DaemonError/noSpace(path:neededBytes:freeBytes:)``.
    func checkSpace(for run: GenerationRun, model: ResidentModel, primerBytes: Int) throws(DaemonError) {
        let needed = DiskSpace.bytesNeeded(
            by: run.record, hopLengths: model.bundle.config.vqvae.hopLengths, primerBytes: primerBytes)
        let state = configuration.stateDirectory
        guard let free = DiskSpace.freeBytes(at: state), free < needed else { return }
        log("submit refused: no_space: needs \(needed) bytes, \(free) free in \(state)")
        throw .noSpace(path: state, neededBytes: needed, freeBytes: free)
    }
}
