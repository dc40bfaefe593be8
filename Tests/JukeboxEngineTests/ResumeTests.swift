import Foundation
import JukeboxEngine
import JukeboxModel
import Testing

/// A job stopped mid-level and resumed from its last checkpoint ends with the same tokens as
/// an uninterrupted run with the same seed.
struct ResumeTests {
    struct Crash: Error {}

    @Test(arguments: [3, 11, 25])
    func resumeEqualsUninterrupted(stopAfterWindows: Int) throws {
        let golden = try GoldenPipelineCase("primed_5b_lyrics")
        let pipeline = try GoldenBundles.pipeline(golden.bundle)
        var job = try PipelineGoldenTests.job(golden, pipeline)
        for level in 0..<3 { job.settings[level].topK = 0 }  // real random draws, so the generator matters
        job.decodeLevels = false

        var uninterruptedGenerator = SeededGenerator(seed: 42)
        let uninterrupted = try pipeline.run(job, using: &uninterruptedGenerator)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("resume-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let jobFolder = JobFolder(folder)

        // A run that saves after every window and "crashes" after some of them.
        var generator = SeededGenerator(seed: 42)
        var windows = 0
        var stoppedLevel = -1
        #expect(throws: Crash.self) {
            _ = try pipeline.run(job, using: &generator, onWindowState: { report, codes, state in
                try JobCheckpoint(
                    bundleIdentity: "golden 5b_lyrics", seed: 42, generator: state.snapshot, codes: codes,
                    level: report.level,
                    window: report.index
                ).save(in: jobFolder)
                windows += 1
                if windows == stopAfterWindows {
                    stoppedLevel = report.level
                    throw Crash()
                }
            })
        }
        #expect(stoppedLevel >= 0)

        let checkpoint = try JobCheckpoint.load(from: jobFolder)
        #expect(checkpoint.level == stoppedLevel)
        var resumedJob = job
        resumedJob.mode = .continuation(codes: checkpoint.codes)
        var resumedGenerator = SeededGenerator(snapshot: checkpoint.generator)
        let resumed = try pipeline.run(resumedJob, using: &resumedGenerator)
        #expect(resumed.codes == uninterrupted.codes)
    }

    @Test func aCheckpointIsReplacedWholeOrNotAtAll() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("resume-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let jobFolder = JobFolder(folder)
        let first = JobCheckpoint(bundleIdentity: "b", seed: 1, generator: [1, 2, 3, 4], codes: [[[1, 2]], [[5]]], level: 1, window: 0)
        try first.save(in: jobFolder)
        var second = first
        second.window = 1
        second.codes[0][0] += [3, 4]
        try second.save(in: jobFolder, levels: [0])
        #expect(try JobCheckpoint.load(from: jobFolder) == second)
        // No temporary left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
            == ["checkpoint.json", "tokens-level-0.bin", "tokens-level-1.bin"])
        // A tokens file written ahead of its JSON (a crash between the two) is cut to the recorded count.
        try AtomicFile.write(try TokenFile.encode([[1, 2, 3, 4, 9, 9]], level: 0), to: jobFolder.tokens(level: 0))
        #expect(try JobCheckpoint.load(from: jobFolder) == second)
        #expect(throws: EngineError.self) { try JobCheckpoint.load(from: JobFolder(folder + "/missing")) }
        #expect(throws: EngineError.self) { try first.save(in: JobFolder(folder + "/no/such/dir")) }
    }
}
