import Foundation
import JukeboxEngine
import Synchronization
import Testing

/// Dropping takes from a saved job folder, and the engine going on without them.
struct TakeDropTests {
    let tiny: TinyPipeline.Loaded
    init() throws { tiny = try TinyPipeline.load() }

    /// A three-take job stopped after its first top-level window.
    func stoppedJob(_ folder: String) throws -> GenerationRun {
        let spec = GenerationSpec(mode: .ancestral, seconds: 0.3, takes: 3, seed: 9, levels: [2])
        let job = try GenerationRun(spec: spec, folder: folder, pipeline: tiny.pipeline, bundleIdentity: tiny.identity)
        try job.prepare()
        #expect(throws: EngineError.stopped(.shutdown)) {
            _ = try job.run { event in if case .preview = event { job.stop(.shutdown) } }
        }
        return job
    }

    @Test func aDroppedTakesRowsLeaveTheTokensFilesForItsOwn() throws {
        let folder = TinyPipeline.folder("drop")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try stoppedJob(folder)
        let jobFolder = JobFolder(folder)
        let before = try JobCheckpoint.load(from: jobFolder).codes[2]
        #expect(before.count == 3 && before[0].count == 64)

        let record = try TakeDrop.apply(take: 1, in: jobFolder)
        #expect(record.droppedTakes == [1] && record.activeTakes == [0, 2])
        #expect(try JobCheckpoint.load(from: jobFolder).codes[2] == [before[0], before[2]])
        #expect(try TokenFile.read(path: jobFolder.droppedTokens(level: 2, take: 1)) == [before[1]])
        #expect(try TakeDrop.tokens(take: 1, level: 2, in: jobFolder) == before[1])
        #expect(try TakeDrop.tokens(take: 2, level: 2, in: jobFolder) == before[2])
        // Dropped already, and the last take left: nothing changes.
        #expect(try TakeDrop.apply(take: 1, in: jobFolder) == record)
        let second = try TakeDrop.apply(take: 0, in: jobFolder)
        #expect(try TakeDrop.apply(take: 2, in: jobFolder) == second)
        #expect(second.activeTakes == [2])

        // It goes on with take 3 alone to the end.
        let resumed = try GenerationRun.resume(folder: folder, pipeline: tiny.pipeline, bundleIdentity: tiny.identity)
        let outcome = try resumed.run()
        #expect(outcome.files == ["level-2-take-3.wav"])
        let after = try JobCheckpoint.load(from: jobFolder).codes[2]
        #expect(after.count == 1 && after[0].count == 104 && Array(after[0].prefix(64)) == before[2])
    }

    @Test func aTakeOfAJobWithADroppedTakeIsContinuedFromItsOwnTokens() throws {
        let folder = TinyPipeline.folder("drop-source")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try stoppedJob(folder)
        let jobFolder = JobFolder(folder)
        let before = try JobCheckpoint.load(from: jobFolder).codes[2]
        try TakeDrop.apply(take: 1, in: jobFolder)
        // Take 3 is now the tokens files' second row, take 2 is in its own files: each
        // continuation starts from the take it names.
        for take in [2, 1, 0] {
            var spec = GenerationSpec(mode: .continue, seconds: 0.1, takes: 1, seed: 2, levels: [2])
            spec.source = SourceTake(folder: folder, take: take)
            let next = try GenerationRun(
                spec: spec, folder: TinyPipeline.folder("drop-next"), pipeline: tiny.pipeline,
                bundleIdentity: tiny.identity)
            defer { try? FileManager.default.removeItem(atPath: next.folder.path) }
            _ = try next.run()
            let after = try JobCheckpoint.load(from: next.folder).codes[2]
            #expect(Array(after[0].prefix(64)) == before[take], "take \(take + 1)")
        }
    }

    @Test func aCrashBetweenTheRecordAndATokensFileLosesNothing() throws {
        let folder = TinyPipeline.folder("drop-crash")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try stoppedJob(folder)
        let jobFolder = JobFolder(folder)
        let tokensFile = jobFolder.tokens(level: 2)
        let full = try Data(contentsOf: URL(fileURLWithPath: tokensFile))
        let before = try JobCheckpoint.load(from: jobFolder).codes[2]
        try TakeDrop.apply(take: 0, in: jobFolder)
        // As if the process died after generation.json and before the level's tokens file.
        try full.write(to: URL(fileURLWithPath: tokensFile))
        #expect(try JobCheckpoint.load(from: jobFolder).codes[2] == [before[1], before[2]])
    }

    @Test func aRunningJobDropsATakeAtItsNextWindow() throws {
        let folder = TinyPipeline.folder("drop-run")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let spec = GenerationSpec(mode: .ancestral, seconds: 0.3, takes: 3, seed: 9, levels: [2])
        let job = try GenerationRun(spec: spec, folder: folder, pipeline: tiny.pipeline, bundleIdentity: tiny.identity)
        try job.prepare()
        let events = Mutex<[GenerationEvent]>([])
        let outcome = try job.run { event in
            events.withLock { $0.append(event) }
            if case .preview(take: 2, _, _) = event { job.drop(take: 0) }
        }
        #expect(job.takesLeft == 2)
        #expect(outcome.files == ["level-2-take-2.wav", "level-2-take-3.wav"])
        let seen = events.withLock { $0 }
        #expect(seen.contains(.takeDropped(take: 0, remaining: 2)))
        // Take 1 had one window's preview; the others had one per window.
        let previews = seen.compactMap { if case .preview(let take, _, _) = $0 { take } else { nil } }
        #expect(previews.filter { $0 == 0 }.count == 1 && previews.filter { $0 == 1 }.count > 1)
        #expect(try TakeDrop.tokens(take: 0, level: 2, in: JobFolder(folder))?.count == 64)
    }
}
