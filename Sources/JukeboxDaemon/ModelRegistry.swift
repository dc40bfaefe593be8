import Foundation
import JukeboxEngine
import JukeboxWeights

/// A model bundle of the models folder as `models` lists it, read from its `config.json`
/// and `labels.json` without loading weights.
struct ModelDescription: Sendable {
    /// The folder name, which requests use.
    let name: String
    /// The folder.
    let path: String
    /// `config.json`.
    let config: BundleConfig
    /// `labels.json`.
    let labels: BundleLabels
    /// Bytes of the bundle's files.
    let sizeBytes: Int64

    /// The label version of the top prior (the artists and genres `submit` takes).
    var labelVersion: Int { config.priors.last?.labelVersion ?? 0 }
    /// Whether the top prior is conditioned on lyrics.
    var lyrics: Bool { config.priors.last.map { $0.nTokens > 0 } ?? false }
}

/// A loaded bundle: its mapped weights and the models built on them, kept until the registry
/// unloads it to make room for another model (``ModelRegistry/makeRoom(for:needing:inUse:)``).
struct ResidentModel: Sendable {
    /// The folder name.
    let name: String
    /// The opened bundle (weights memory-mapped).
    let bundle: ModelBundle
    /// The models.
    let pipeline: Pipeline
    /// ``BundleIdentity`` of the bundle, recorded in every job.
    let identity: String
    /// Device, inode and size of each file of the bundle when it was loaded.
    let files: [String: FileStamp]
    /// Bytes of the weight files.
    var weightBytes: Int { bundle.weightBytes }
}

/// What identifies a file's contents cheaply: replaced (new inode) or cut short (new size).
struct FileStamp: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
}

/// The bundles of the models folder, and those loaded ("resident").
///
/// Any folder of the models folder holding a `config.json` is a bundle. A bundle is opened
/// (its weights memory-mapped, never copied) and its models built on first use, or at start
/// with `load_policy = on-start`; it then stays loaded until a job of another model needs
/// room under `memory_budget`: the least recently used model that no queued or running job
/// uses is unloaded first (``makeRoom(for:needing:inUse:)``). Loads happen one at a time.
final class ModelRegistry: Sendable {
    /// The models folder.
    let folder: String
    /// `memory_budget`, in bytes.
    let budget: Int64
    let log: DaemonLog
    let resident = Locked<[String: ResidentModel]>([:])
    /// When each loaded model was last used (loaded, or asked for by a job).
    let lastUsed = Locked<[String: ContinuousClock.Instant]>([:])
    /// Models unloaded to make room since the daemon started.
    let unloads = Locked(0)
    /// Held while a bundle loads, so that two requests never load the same one twice.
    private let loading = Locked<Void>(())

    /// The registry of the bundles in `folder`, unloading models to keep jobs within `budget` bytes.
    init(folder: String, budget: Int64, log: DaemonLog) {
        self.folder = folder
        self.budget = budget
        self.log = log
    }

    /// The bundle folder names, sorted.
    func names() -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return entries.filter { name in
            Self.isValidName(name) && FileManager.default.fileExists(atPath: "\(folder)/\(name)/config.json")
        }.sorted()
    }

    /// Every bundle that describes itself; folders whose JSON files do not read are logged and left out.
    func describeAll() -> [ModelDescription] {
        names().compactMap { name in
            do {
                return try describe(name)
            } catch {
                log("model \(name): left out of the list: \(error)")
                return nil
            }
        }
    }

    /// The description of bundle `name`.
    /// - Throws: ``DaemonError/unknownModel(name:reason:)``.
    func describe(_ name: String) throws(DaemonError) -> ModelDescription {
        let path = "\(folder)/\(name)"
        guard Self.isValidName(name), FileManager.default.fileExists(atPath: path + "/config.json") else {
            throw .unknownModel(name: name, reason: nil)
        }
        let files = try Self.stamps(of: name, at: path)  // no FIFO may block the reads below
        do {
            let decoder = JSONDecoder()
            let config = try decoder.decode(
                BundleConfig.self, from: Data(contentsOf: URL(fileURLWithPath: path + "/config.json")))
            let labels = try decoder.decode(
                BundleLabels.self, from: Data(contentsOf: URL(fileURLWithPath: path + "/labels.json")))
            return ModelDescription(
                name: name, path: path, config: config, labels: labels,
                sizeBytes: files.values.reduce(0) { $0 + $1.size })
        } catch {
            throw .unknownModel(name: name, reason: "\(error)")
        }
    }

    /// Whether `name` is loaded.
    func isResident(_ name: String) -> Bool {
        resident.withLock { $0[name] != nil }
    }

    /// The loaded bundles' names, sorted.
    func residentNames() -> [String] {
        resident.withLock { $0.keys.sorted() }
    }

    /// Bytes of the loaded bundles' weight files (mapped), the figure a loaded model counts
    /// for against `memory_budget`.
    func residentWeightBytes() -> Int64 {
        resident.withLock { $0.values.reduce(0) { $0 + Int64($1.weightBytes) } }
    }

    /// How many models were unloaded to make room since the daemon started.
    var unloadCount: Int { unloads.withLock { $0 } }

    /// The loaded bundle `name`, loading it first if needed.
    /// - Throws: ``DaemonError/unknownModel(name:reason:)`` for a missing folder or one that does
    ///   not open (the reason names the file and tensor at fault).
    func load(_ name: String) throws(DaemonError) -> ResidentModel {
        guard Self.isValidName(name), FileManager.default.fileExists(atPath: "\(folder)/\(name)/config.json") else {
            throw .unknownModel(name: name, reason: nil)
        }
        // Checked before the loading lock: a FIFO or device among the files must not block it.
        let files = try Self.stamps(of: name, at: "\(folder)/\(name)")
        if let model = resident.withLock({ $0[name] }) {
            if model.files == files {
                lastUsed.withLock { $0[name] = .now }
                return model
            }
            // Replaced (by rename, as jukeboxd-bundle(5) asks) or changed in place: the mapped
            // weights are stale; load the files as they are now.
            log("model \(name): its files changed on disk since it was loaded; loading it again")
            resident.withLock { _ = $0.removeValue(forKey: name) }
        }
        return try loading.withLock { _ throws(DaemonError) -> ResidentModel in
            if let model = resident.withLock({ $0[name] }) { return model }
            let started = ContinuousClock.now
            let model: ResidentModel
            do {
                let bundle = try ModelBundle(path: "\(folder)/\(name)")
                let pipeline = try Pipeline(bundle: bundle)
                // Building the models touched pages of every file (checks, float32 copies);
                // an idle model keeps none: its first job maps back what it uses.
                pipeline.weightFiles.releaseCodec()
                for level in pipeline.priors.indices { pipeline.weightFiles.releasePrior(level: level) }
                model = ResidentModel(
                    name: name, bundle: bundle, pipeline: pipeline, identity: BundleIdentity.of(bundle.config),
                    files: files)
            } catch {
                log("model \(name): cannot load: \(error)")
                throw .unknownModel(name: name, reason: "\(error)")
            }
            resident.withLock { $0[name] = model }
            lastUsed.withLock { $0[name] = .now }
            let seconds = (ContinuousClock.now - started) / .seconds(1)
            log("model \(name): loaded, \(model.weightBytes >> 20) MiB mapped, in \(String(format: "%.1f", seconds)) s")
            return model
        }
    }

    /// A folder name a request may name: no path separators, not hidden, not a partial bundle.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && !name.contains("/") && !name.hasSuffix(".partial")
    }

    /// The stamps of every entry of bundle folder `path`, which must all be regular files
    /// (a FIFO, device or folder is refused before anything opens it).
    /// - Throws: ``DaemonError/unknownModel(name:reason:)``.
    static func stamps(of name: String, at path: String) throws(DaemonError) -> [String: FileStamp] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        var stamps: [String: FileStamp] = [:]
        for entry in entries where !entry.hasPrefix(".") {
            var info = stat()
            guard stat("\(path)/\(entry)", &info) == 0 else { continue }
            guard info.st_mode & S_IFMT == S_IFREG else {
                throw .unknownModel(name: name, reason: "\(entry) in the bundle is not a regular file")
            }
            stamps[entry] = FileStamp(
                device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size))
        }
        return stamps
    }
}
