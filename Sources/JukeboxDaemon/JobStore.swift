import Foundation
import JukeboxEngine

/// The jobs folder of the state folder: `<state>/jobs/<id>/`, one folder per job, holding the
/// daemon's `job.json` (``DaemonJobRecord``) and the engine's files (``JobFolder``).
///
/// A folder without a readable `job.json` is not a job (a submit that failed half-way, or a
/// crash between creating the folder and writing the record) and is ignored.
struct JobStore: Sendable {
    /// `<state>/jobs`.
    let root: String
    private let log: DaemonLog

    /// The store in `stateDirectory`, creating `jobs` (mode 0750) if needed.
    /// - Throws: ``DaemonError/stateWriteFailed(path:reason:)``.
    init(stateDirectory: String, log: DaemonLog) throws(DaemonError) {
        root = stateDirectory + "/jobs"
        self.log = log
        do {
            try FileManager.default.createDirectory(
                atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
        } catch {
            throw .stateWriteFailed(path: root, reason: "\(error)")
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

    /// Every job with a readable record, in submission order. Unreadable records are logged.
    func loadAll() -> [DaemonJobRecord] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        var records: [DaemonJobRecord] = []
        for name in names where !name.hasPrefix(".") {
            let path = folder(of: name) + "/job.json"
            guard let bytes = StateFile.read(path, limit: 16 << 20) else { continue }
            do {
                let record = try JSONDecoder().decode(DaemonJobRecord.self, from: Data(bytes))
                guard record.id == name else {
                    log("job folder \(name): job.json names job \(record.id); ignored")
                    continue
                }
                records.append(record)
            } catch {
                log("job folder \(name): unreadable job.json (\(error)); ignored")
            }
        }
        return records.sorted { $0.sequence < $1.sequence }
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
