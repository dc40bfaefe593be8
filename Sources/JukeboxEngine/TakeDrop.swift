import Foundation

/// Drops takes from a job saved in its folder, so that it goes on with the others at a
/// smaller batch.
///
/// Dropping take K, crash-safe at every step: its rows so far are written to
/// `tokens-level-L-take-K.bin` (one row each, ``JobFolder/droppedTokens(level:take:)``), then
/// `generation.json` with K among ``JobRecord/droppedTakes`` and one row less per level, then
/// each level's tokens file without K's row. A crash before the record leaves the job as it
/// was; after it, ``JobCheckpoint/load(record:in:)`` takes the row of the last dropped take out
/// of a tokens file not yet rewritten. One take is dropped per record write, so at most one
/// row is ever pending.
public enum TakeDrop {
    /// Drops take `take` (from 0) from the job in `folder`; a take dropped already, or not
    /// among the job's takes, or the last one left, is left alone.
    /// - Returns: The record as saved (unchanged when nothing was dropped).
    /// - Throws: ``EngineError/checkpointFailed(path:reason:)``, ``EngineError/diskFull(path:)``,
    ///   ``EngineError/unreadableCodesFile(path:reason:)``.
    @discardableResult
    public static func apply(take: Int, in folder: JobFolder) throws(EngineError) -> JobRecord {
        var record = try JobRecord.load(from: folder)
        let active = record.activeTakes
        guard let row = active.firstIndex(of: take), active.count > 1 else { return record }
        guard record.progress != nil else {
            // Not started: the starting tokens are made for the remaining takes only.
            record.dropped = record.droppedTakes + [take]
            try record.save(in: folder)
            return record
        }
        var state = try JobCheckpoint.load(record: record, in: folder)
        for level in state.codes.indices where state.codes[level].count == active.count {
            try AtomicFile.write(
                try TokenFile.encode([state.codes[level][row]], level: level),
                to: folder.droppedTokens(level: level, take: take))
        }
        for level in state.codes.indices where state.codes[level].count == active.count {
            state.codes[level].remove(at: row)
        }
        record.dropped = record.droppedTakes + [take]
        record = try JobCheckpoint.save(state, record: record, in: folder, levels: [])
        for level in state.codes.indices {
            try AtomicFile.write(
                try TokenFile.encode(state.codes[level], level: level), to: folder.tokens(level: level))
        }
        return record
    }

    /// The tokens of take `take` (from 0) at `level` as the folder holds them: its row of the
    /// level's tokens file while it is sampled, its own file once dropped.
    /// - Returns: nil for a take the job does not have.
    /// - Throws: ``EngineError/unreadableCodesFile(path:reason:)``, ``EngineError/checkpointFailed(path:reason:)``.
    public static func tokens(take: Int, level: Int, in folder: JobFolder) throws(EngineError) -> [Int]? {
        let record = try JobRecord.load(from: folder)
        if record.droppedTakes.contains(take) {
            return try TokenFile.read(path: folder.droppedTokens(level: level, take: take)).first
        }
        guard let row = record.activeTakes.firstIndex(of: take) else { return nil }
        let rows = try TokenFile.read(path: folder.tokens(level: level))
        return row < rows.count ? rows[row] : nil
    }
}
