import Foundation
import JukeboxProtocol
import JukeboxText

/// Answers requests: each operation of jukebox-protocol(7), for the client a connection's
/// credentials name. Runs on the connection's reading thread; never runs a job itself.
struct RequestHandler: RequestHandling {
    /// The daemon's settings.
    let configuration: DaemonConfiguration
    /// The model bundles.
    let models: ModelRegistry
    /// The jobs.
    let book: JobBook
    /// The jobs' folders.
    let store: JobStore
    /// When the daemon started, for `uptime_s`.
    let started: ContinuousClock.Instant
    /// The log.
    let log: DaemonLog
    /// Prices jobs.
    let estimator: Estimator

    /// The operations this daemon serves, as its greeting lists them.
    static let operations = Operation.allCases

    func handle(_ request: Request, from connection: ClientConnection) {
        let uid = connection.peer.uid
        do {
            switch request.body {
            case .models:
                connection.reply(request.id, .models(modelList()))
            case .labels(let labels):
                connection.reply(request.id, .labels(try self.labels(labels)))
            case .submit(let submit):
                try self.submit(submit, id: request.id, from: connection)
            case .estimate(let submit):
                connection.reply(request.id, .estimate(try estimate(submit, from: connection.peer)))
            case .watch(let job):
                let watcher = Watcher(connection: connection, requestID: request.id)
                do { try book.watch(job, for: uid, watcher: watcher) } catch {
                    watcher.drop()
                    throw error
                }
            case .jobs:
                connection.reply(request.id, .jobs(book.summaries(for: uid)))
            case .cancel(let job):
                try book.cancel(job, for: uid)
                connection.reply(request.id, .cancelled(job: job))
            case .fetch(let fetch):
                connection.reply(request.id, try self.fetch(fetch, for: uid))
            case .status:
                connection.reply(request.id, .status(status()))
            case .remove(let job):
                connection.reply(request.id, .removed(try remove(job, for: uid)))
            case .prune(let prune):
                connection.reply(request.id, .removed(self.prune(olderThanDays: prune.olderThanDays, for: uid)))
            case .dropTake(let job, let take):
                let dropped = try book.dropTake(job, take: take, for: uid)
                reestimate(job)
                connection.reply(request.id, .takeDropped(dropped))
            }
        } catch {
            connection.reply(request.id, .error(WireErrors.reply(for: error)))
        }
    }

    /// The `models` reply: every bundle of the models folder.
    func modelList() -> [ModelInfo] {
        models.describeAll().map { model in
            ModelInfo(
                name: model.name, sampleRateHz: model.config.sampleRateHz, levels: model.config.priors.count,
                lyrics: model.lyrics, loaded: models.isResident(model.name), sizeBytes: model.sizeBytes,
                labelVersion: model.labelVersion, trained: model.config.trained,
                summary: model.config.summary.isEmpty ? nil : model.config.summary,
                levelHops: Self.levelHops(model.config.vqvae.hopLengths, sampleRateHz: model.config.sampleRateHz))
        }
    }

    /// Each level's hop and tokens per second, top level first; `hopLengths` is level 0 first.
    static func levelHops(_ hopLengths: [Int], sampleRateHz: Int) -> [LevelHop] {
        hopLengths.enumerated().reversed().map { level, hop in
            LevelHop(level: level, hopSamples: hop, tokensPerS: Double(sampleRateHz) / Double(max(1, hop)))
        }
    }

    /// The `labels` reply: a search by similarity of the model's artist and genre tables (those
    /// of its top prior's label version), or with `exact` only the names a submit of the query
    /// would use. Without either query both tables are listed from the start; with one, only
    /// that table is searched.
    func labels(_ request: LabelsRequest) throws(DaemonError) -> LabelsResult {
        let model = try models.describe(request.model)
        guard let set = model.labels.set(version: model.labelVersion) else {
            throw .unknownModel(name: request.model, reason: "labels.json has no v\(model.labelVersion) tables")
        }
        let lookup = LabelLookup(labels: set)
        func search(_ query: String?, _ kind: LabelKind, listAll: Bool) -> [Label] {
            guard query != nil || listAll else { return [] }
            let matches =
                request.exact && query != nil
                ? lookup.exactMatches(query: query ?? "", limit: request.limit, kind: kind)
                : lookup.search(query: query ?? "", limit: request.limit, kind: kind)
            return matches.map {
                Label(name: $0.name, labelID: $0.id)
            }
        }
        let listAll = request.artistQuery == nil && request.genreQuery == nil
        return LabelsResult(
            model: request.model, artists: search(request.artistQuery, .artist, listAll: listAll),
            genres: search(request.genreQuery, .genre, listAll: listAll))
    }

    /// Prices job `id` again with the takes it has left, while its model is resident (a
    /// running job's is); the `jobs` listing's time left and later starts follow.
    func reestimate(_ id: JobID) {
        guard let run = book.run(of: id), let known = try? book.job(id, for: 0), models.isResident(known.record.model),
            let model = try? models.load(known.record.model),
            let estimate = try? estimator.estimate(run, model: model)
        else { return }
        book.reestimate(id, estimator.wire(estimate))
    }

    /// The `status` reply.
    func status() -> StatusResult {
        let (queued, running) = book.counts
        return StatusResult(
            uptimeS: (ContinuousClock.now - started) / .seconds(1), jobsQueued: queued, jobsRunning: running,
            modelsLoaded: models.residentNames(), memoryBudgetBytes: configuration.memoryBudgetBytes,
            memoryUsedBytes: ProcessMemory.residentBytes(),
            stateBytes: DiskSpace.usedBytes(under: configuration.stateDirectory),
            stateFreeBytes: DiskSpace.freeBytes(at: configuration.stateDirectory),
            modelsLoadedBytes: models.residentWeightBytes(), modelsUnloaded: models.unloadCount)
    }
}
