import Foundation
import JukeboxEngine
import JukeboxProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// The jobs folder of the state folder: `<state>/jobs/<id>/`, one folder per job, holding the
/// daemon's `job.json` (``DaemonJobRecord``) and the engine's files (``JobFolder``).
///
/// The ``JobBook`` changes records only through the ``JobJournal``, which writes them here
/// (``save(_:)``). Loading at start-up (``loadAll()``) quarantines what is not a job.
struct JobStore: JournalStorage {
    /// `<state>/jobs`.
    let root: String
    /// `<state>/quarantine`, where damaged entries of `jobs` are moved.
    let quarantine: String
    let log: DaemonLog

    /// The store in `stateDirectory`, creating `jobs` (mode 0750) if needed; logs a warning
    /// when the state folder is open to other users.
    /// - Throws: ``DaemonError/stateWriteFailed(path:reason:)``.
    init(stateDirectory: String, log: DaemonLog) throws(DaemonError) {
        root = stateDirectory + "/jobs"
        quarantine = stateDirectory + "/quarantine"
        self.log = log
        do {
            try FileManager.default.createDirectory(
                atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
        } catch {
            throw .stateWriteFailed(path: root, reason: "\(error)")
        }
        var info = stat()
        if stat(stateDirectory, &info) == 0, info.st_mode & 0o007 != 0 {
            log(
                "warning: state folder \(stateDirectory) is open to other users (mode "
                    + String(info.st_mode & 0o777, radix: 8) + "); chmod o-rwx it: job folders hold users' primers")
        }
    }

    /// The folder of job `id`.
    func folder(of id: JobID) -> String { root + "/" + id.rawValue }

    /// Saves `record` as its folder's `job.json`, atomically.
    /// - Throws: ``DaemonError/diskFull(path:)`` or ``DaemonError/stateWriteFailed(path:reason:)``.
    func save(_ record: DaemonJobRecord) throws(DaemonError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let path = folder(of: record.id) + "/job.json"
        let data: Data
        do { data = try encoder.encode(record) } catch { throw .stateWriteFailed(path: path, reason: "\(error)") }
        try StateFile.write([UInt8](data), to: path)
    }

    /// Removes the primer saved in job `id`'s folder (a cancelled job that never ran needs it
    /// no more).
    func dropPrimer(of id: JobID) {
        let path = JobFolder(folder(of: id)).primer
        if unlink(path) != 0, errno != ENOENT {
            log("job \(id): cannot remove its primer: \(String(cString: strerror(errno)))")
        }
    }

    /// Removes the folder of a job that was never accepted.
    func discard(_ id: JobID) {
        try? FileManager.default.removeItem(atPath: folder(of: id))
    }

    /// A new random job id: `j` and 11 lower-case letters and digits (unused in this store).
    func newID() -> JobID {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        while true {
            let text =
                "j" + String((0..<11).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
            guard let id = JobID(text) else { preconditionFailure("generated job id \(text) is not valid") }
            if !FileManager.default.fileExists(atPath: folder(of: id)) { return id }
        }
    }
}
