import Foundation
import JukeboxProtocol

extension RequestHandler {
    /// `remove`: job `id` of `uid` (root: any user's) leaves the book, then its folder goes.
    /// - Throws: ``DaemonError/jobNotFound(_:)``, ``DaemonError/jobActive(_:reason:)``.
    func remove(_ id: JobID, for uid: UInt32) throws(DaemonError) -> RemovedResult {
        _ = try book.takeOut(id, for: uid, folder: store.folder(of: id))
        return RemovedResult(jobs: [id], freedBytes: store.removeFolder(of: id))
    }

    /// `prune`: every ended job of `uid` (root: of every user) that ended at least
    /// `olderThanDays` days ago, except jobs an unfinished job continues from.
    func prune(olderThanDays: Double, for uid: UInt32) -> RemovedResult {
        let cutoff = Int64(Date().timeIntervalSince1970 - olderThanDays * 86_400)
        let records = book.takeOut(endedBy: cutoff, for: uid, folder: store.folder(of:))
        let freed = records.reduce(Int64(0)) { $0 + store.removeFolder(of: $1.id) }
        if !records.isEmpty { log("pruned \(records.count) jobs for uid \(uid), \(freed >> 10) KiB freed") }
        return RemovedResult(jobs: records.map(\.id), freedBytes: freed)
    }
}
