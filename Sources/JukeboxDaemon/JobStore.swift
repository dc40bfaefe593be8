import Foundation
import JukeboxEngine
import JukeboxProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// The jobs folder of the state folder: `<state>/jobs/<id>/`, one folder per job, holding the
/// daemon's `job.json` (``DaemonJobRecord``) and the engine's files (``JobFolder``).
///
/// An entry of `jobs` that is not a job (a name that is not a job id, a folder without a
/// readable `job.json` or whose record names another job) is moved to `<state>/quarantine/`
/// at start-up with a log line, so one damaged folder never stops the daemon; the operator
/// may inspect and delete it. Temporary files that a writer which died left in job folders
/// are removed.
struct JobStore: Sendable {
    /// `<state>/jobs`.
    let root: String
    /// `<state>/quarantine`, where damaged entries of `jobs` are moved.
    let quarantine: String
    private let log: DaemonLog

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
    func folder(of id: String) -> String { root + "/" + id }

    /// Saves `record` as its folder's `job.json`, atomically.
    /// - Throws: ``DaemonError/stateWriteFailed(path:reason:)``.
    func save(_ record: DaemonJobRecord) throws(DaemonError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let path = folder(of: record.id) + "/job.json"
        let data: Data
        do { data = try encoder.encode(record) } catch { throw .stateWriteFailed(path: path, reason: "\(error)") }
        try StateFile.write([UInt8](data), to: path)
    }

    /// Every job with a readable record, in submission order. Entries that are not jobs are
    /// quarantined and temporary leftovers removed, each with a log line.
    func loadAll() -> [DaemonJobRecord] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        var records: [DaemonJobRecord] = []
        for name in names.sorted() {
            guard JobID(name) != nil else {
                quarantine(name, because: "its name is not a job id")
                continue
            }
            let folder = folder(of: name)
            var info = stat()
            guard lstat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                quarantine(name, because: "it is not a folder")
                continue
            }
            for leftover in AtomicFile.removeLeftovers(in: folder) {
                log("job \(name): removed the unfinished write \(leftover)")
            }
            guard let bytes = StateFile.read(folder + "/job.json", limit: 16 << 20) else {
                quarantine(name, because: "it has no readable job.json")
                continue
            }
            do {
                let record = try JSONDecoder().decode(DaemonJobRecord.self, from: Data(bytes))
                guard record.id == name else {
                    quarantine(name, because: "its job.json names job \(record.id.prefix(80))")
                    continue
                }
                records.append(record)
            } catch {
                quarantine(name, because: "its job.json does not decode (\(error))")
            }
        }
        return records.sorted { $0.sequence < $1.sequence }
    }

    /// Moves the entry `name` of `jobs` to the quarantine folder, under a safe unique name.
    private func quarantine(_ name: String, because reason: String) {
        let printable = String(
            name.unicodeScalars.prefix(80).map { $0.isASCII && $0.value >= 32 ? Character($0) : "?" })
        let safe = String(printable.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        let target = quarantine + "/" + safe + "-" + String(Int(Date().timeIntervalSince1970)) + "-"
            + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        do {
            try FileManager.default.createDirectory(
                atPath: quarantine, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
        } catch {
            log("job entry \"\(printable)\": \(reason); cannot quarantine it (\(error)); ignored")
            return
        }
        if rename(folder(of: name), target) == 0 {
            log("job entry \"\(printable)\": \(reason); moved to quarantine as \(target)")
        } else {
            let why = String(cString: strerror(errno))
            log("job entry \"\(printable)\": \(reason); cannot move it to quarantine (\(why)); ignored")
        }
    }

    /// Removes the primer saved in job `id`'s folder (a cancelled job that never ran needs it
    /// no more).
    func dropPrimer(of id: String) {
        let path = JobFolder(folder(of: id)).primer
        if unlink(path) != 0, errno != ENOENT {
            log("job \(id): cannot remove its primer: \(String(cString: strerror(errno)))")
        }
    }

    /// Removes the folder of a job that was never accepted.
    func discard(_ id: String) {
        try? FileManager.default.removeItem(atPath: folder(of: id))
    }

    /// A new random job id: `j` and 11 lower-case letters and digits (unused in this store).
    func newID() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        while true {
            var generator = SystemRandomNumberGenerator()
            let id = "j" + String((0..<11).map { _ in alphabet.randomElement(using: &generator)! })
            if !FileManager.default.fileExists(atPath: folder(of: id)) { return id }
        }
    }
}
