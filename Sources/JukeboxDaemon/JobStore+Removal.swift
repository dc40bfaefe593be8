import Foundation
import JukeboxProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// Deleting job folders (`remove`, `prune`, `job_retention_days`).
///
/// A folder is first renamed into `<state>/removing/` (one atomic step: `jobs` never holds a
/// half-deleted job that the next start would quarantine), then deleted there. What a removal
/// interrupted by a crash leaves in `removing` is deleted at the next start
/// (``finishRemovals()``).
extension JobStore {
    /// `<state>/removing`.
    var removing: String { String(root.dropLast("/jobs".count)) + "/removing" }

    /// Deletes job `id`'s folder.
    /// - Returns: The disk space it held, in bytes (0 when it was already gone).
    @discardableResult
    func removeFolder(of id: JobID) -> Int64 {
        let source = folder(of: id)
        let bytes = DiskSpace.usedBytes(under: source)
        try? FileManager.default.createDirectory(
            atPath: removing, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
        let target = removing + "/" + id.rawValue + "-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let doomed = rename(source, target) == 0 ? target : source
        do {
            try FileManager.default.removeItem(atPath: doomed)
        } catch {
            log("job \(id): its folder could not be deleted completely (\(error)); what is left is in \(doomed)")
        }
        return bytes
    }

    /// Deletes what removals interrupted by a crash left in `<state>/removing`.
    func finishRemovals() {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: removing)) ?? [] {
            try? FileManager.default.removeItem(atPath: removing + "/" + name)
        }
    }
}
