import Foundation
import JukeboxEngine
import JukeboxProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// Reading the jobs folder at start-up.
///
/// An entry of `jobs` that is not a job is moved to `<state>/quarantine/` with a log line
/// naming why, so one damaged folder never stops the daemon; the operator may inspect and
/// delete it. Not a job: a name that is not a job id, something not a folder, a folder
/// without a readable `job.json`, a `job.json` that is not a valid record (``DaemonJobRecord``
/// checks every field: layout version, id, state, error code) or names another job, or a
/// folder whose `generation.json` the engine cannot read. Temporary files that a writer which died
/// left in job folders are removed. A record in an older layout is rewritten in the current
/// one, with a log line.
extension JobStore {
    /// Every job with a valid record and spec, in submission order.
    func loadAll() -> [StoredJob] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        var jobs: [StoredJob] = []
        for name in names.sorted() {
            do throws(Refusal) {
                jobs.append(try load(name))
            } catch {
                quarantine(name, because: error.reason)
            }
        }
        return jobs.sorted { $0.record.sequence < $1.record.sequence }
    }

    /// Why an entry of `jobs` is not loaded.
    private struct Refusal: Error {
        let reason: String
    }

    /// The job in entry `name` of `jobs`, migrated to the current layout.
    private func load(_ name: String) throws(Refusal) -> StoredJob {
        guard let id = JobID(name) else { throw Refusal(reason: "its name is not a job id") }
        let folder = folder(of: id)
        var info = stat()
        guard lstat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw Refusal(reason: "it is not a folder")
        }
        for leftover in AtomicFile.removeLeftovers(in: folder) {
            log("job \(name): removed the unfinished write \(leftover)")
        }
        guard let bytes = StateFile.read(folder + "/job.json", limit: 16 << 20) else {
            throw Refusal(reason: "it has no readable job.json")
        }
        var record: DaemonJobRecord
        do {
            record = try JSONDecoder().decode(DaemonJobRecord.self, from: Data(bytes))
        } catch let invalid as DaemonJobRecord.Invalid {
            throw Refusal(reason: "its job.json is not a valid record: \(invalid)")
        } catch {
            throw Refusal(reason: "its job.json does not decode (\(error))")
        }
        guard record.id == id else { throw Refusal(reason: "its job.json names job \(record.id)") }
        let spec: GenerationSpec
        do {
            spec = try JobRecord.load(from: JobFolder(folder)).spec
        } catch {
            throw Refusal(reason: "its generation.json cannot be read (\(error))")
        }
        if record.formatVersion != DaemonJobRecord.currentFormat {
            let old = record.formatVersion
            record.formatVersion = DaemonJobRecord.currentFormat
            do {
                try save(record)
                log("job \(name): job.json rewritten from format \(old) to \(record.formatVersion)")
            } catch {
                log("job \(name): job.json stays in format \(old) until its next change: \(error)")
            }
        }
        return StoredJob(record: record, spec: spec)
    }

    /// Moves the entry `name` of `jobs` to the quarantine folder, under a safe unique name.
    private func quarantine(_ name: String, because reason: String) {
        let printable = String(
            name.unicodeScalars.prefix(80).map { $0.isASCII && $0.value >= 32 ? Character($0) : "?" })
        let safe = String(printable.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        let target =
            quarantine + "/" + safe + "-" + String(Int(Date().timeIntervalSince1970)) + "-"
            + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        do {
            try FileManager.default.createDirectory(
                atPath: quarantine, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
        } catch {
            log("job entry \"\(printable)\": \(reason); cannot quarantine it (\(error)); ignored")
            return
        }
        if rename(root + "/" + name, target) == 0 {
            log("job entry \"\(printable)\": \(reason); moved to quarantine as \(target)")
        } else {
            let why = String(cString: strerror(errno))
            log("job entry \"\(printable)\": \(reason); cannot move it to quarantine (\(why)); ignored")
        }
    }
}
