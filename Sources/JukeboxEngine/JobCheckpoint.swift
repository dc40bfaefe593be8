import Foundation
import JukeboxModel

/// What a job has produced so far, saved after every window so that a job interrupted by a
/// crash, a restart or a cancel can go on from its last finished window and end with the
/// same tokens as an uninterrupted run.
///
/// On disk (``JobFolder``): one ``TokenFile`` per level, then the record's ``JobRecord/progress``
/// (generator state and every level's token count) in `generation.json`. A level's tokens
/// file is written before the record, and tokens only grow, so a crash between the two leaves
/// a tokens file at least as long as the record says; loading cuts it to the recorded count.
public enum JobCheckpoint {
    /// Saves `state` in `folder`: the tokens of `levels` (all when nil), then `record` with the
    /// state's progress. Returns the record as saved.
    /// - Throws: ``EngineError/checkpointFailed(path:reason:)``, ``EngineError/diskFull(path:)``;
    ///   ``EngineError/invalidCodes(level:reason:)``.
    @discardableResult
    public static func save(
        _ state: SamplingState, record: JobRecord, in folder: JobFolder, levels: [Int]? = nil
    ) throws(EngineError) -> JobRecord {
        for level in levels ?? Array(state.codes.indices) {
            try AtomicFile.write(
                try TokenFile.encode(state.codes[level], level: level), to: folder.tokens(level: level))
        }
        var saved = record
        saved.progress = JobProgress(
            generator: state.generator.snapshot, takes: state.codes.map(\.count),
            lengths: state.codes.map { $0.first?.count ?? 0 }, level: state.level, window: state.window,
            completedLevels: state.completedLevels)
        try saved.save(in: folder)
        return saved
    }

    /// The state saved in `folder`.
    /// - Throws: ``EngineError/checkpointFailed(path:reason:)`` for a missing or malformed record
    ///   or one without progress; ``EngineError/unreadableCodesFile(path:reason:)`` for tokens
    ///   files shorter than recorded.
    public static func load(from folder: JobFolder) throws(EngineError) -> SamplingState {
        try load(record: try JobRecord.load(from: folder), in: folder)
    }

    /// The state `record` (read from `folder`) describes, with the folder's tokens.
    /// - Throws: as ``load(from:)``.
    public static func load(record: JobRecord, in folder: JobFolder) throws(EngineError) -> SamplingState {
        guard let progress = record.progress, progress.takes.count == progress.lengths.count,
            progress.generator.count == 4, progress.generator.contains(where: { $0 != 0 })
        else {
            throw .checkpointFailed(path: folder.record, reason: "no saved tokens to go on from")
        }
        var codes: [[[Int]]] = []
        for level in progress.lengths.indices {
            var rows = try TokenFile.read(path: folder.tokens(level: level), length: progress.lengths[level])
            if rows.count == progress.takes[level] + 1, let last = record.droppedTakes.last {
                // A crash while dropping `last` (``TakeDrop``): its row is still in this file.
                let before = (record.activeTakes + [last]).sorted()
                if let row = before.firstIndex(of: last) { rows.remove(at: row) }
            }
            guard rows.count == progress.takes[level] else {
                throw .unreadableCodesFile(
                    path: folder.tokens(level: level), reason: "\(rows.count) rows, \(progress.takes[level]) expected")
            }
            codes.append(rows)
        }
        return SamplingState(
            codes: codes, generator: SeededGenerator(snapshot: progress.generator),
            completedLevels: progress.completedLevels, level: progress.level, window: progress.window)
    }
}
