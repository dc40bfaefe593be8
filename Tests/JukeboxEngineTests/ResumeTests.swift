import Foundation
import JukeboxEngine
import JukeboxModel
import Testing

/// A job stopped mid-level and resumed from its last saved window ends with the same tokens as
/// an uninterrupted run with the same seed; the saved state is replaced whole or not at all.
struct ResumeTests {
    struct Crash: Error {}

    /// A record to save states with (the driver does not read it).
    static func record(identity: String = "golden 5b_lyrics") -> JobRecord {
        JobRecord(
            spec: GenerationSpec(mode: .ancestral, seconds: 1), bundleIdentity: identity, sampleLength: 128,
            songLength: 128, offset: 0, promptLength: 0)
    }

    static func temporaryFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("resume-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test(arguments: [3, 11, 25])
    func resumeEqualsUninterrupted(stopAfterWindows: Int) throws {
        let golden = try GoldenPipelineCase("primed_5b_lyrics")
        let pipeline = try GoldenBundles.pipeline(golden.bundle)
        var plan = try PipelineGoldenTests.plan(golden, pipeline)
        for level in 0..<3 { plan.settings[level].sampling.topK = 0 }  // real random draws, so the generator matters

        var uninterrupted = try PipelineGoldenTests.start(golden, pipeline, seed: 42)
        try pipeline.sample(plan, state: &uninterrupted)

        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let jobFolder = JobFolder(folder)

        // A run that saves after every window and "crashes" after some of them.
        var state = try PipelineGoldenTests.start(golden, pipeline, seed: 42)
        var windows = 0
        var stoppedLevel = -1
        #expect(throws: Crash.self) {
            try pipeline.sample(
                plan, state: &state,
                hooks: SamplingHooks(windowDone: { report, state in
                    try JobCheckpoint.save(state, record: Self.record(), in: jobFolder)
                    windows += 1
                    if windows == stopAfterWindows {
                        stoppedLevel = report.level
                        throw Crash()
                    }
                }))
        }
        #expect(stoppedLevel >= 0)

        var resumed = try JobCheckpoint.load(from: jobFolder)
        #expect(resumed.level == stoppedLevel)
        try pipeline.sample(plan, state: &resumed)
        #expect(resumed.codes == uninterrupted.codes)
    }

    @Test func theSavedStateIsReplacedWholeOrNotAtAll() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let jobFolder = JobFolder(folder)
        let first = SamplingState(
            codes: [[[1, 2]], [[5]]], generator: SeededGenerator(snapshot: [1, 2, 3, 4]), level: 1, window: 0)
        try JobCheckpoint.save(first, record: Self.record(), in: jobFolder)
        var second = first
        second.window = 1
        second.codes[0][0] += [3, 4]
        _ = second.generator.next()
        try JobCheckpoint.save(second, record: Self.record(), in: jobFolder, levels: [0])
        func same(_ a: SamplingState, _ b: SamplingState) -> Bool {
            a.codes == b.codes && a.generator.snapshot == b.generator.snapshot && a.level == b.level
                && a.window == b.window && a.completedLevels == b.completedLevels
        }
        #expect(same(try JobCheckpoint.load(from: jobFolder), second))
        // One JSON file holds the spec and the progress; no temporary left behind.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
                == ["generation.json", "tokens-level-0.bin", "tokens-level-1.bin"])
        #expect(try JobRecord.load(from: jobFolder).spec == Self.record().spec)
        // A tokens file written ahead of its record (a crash between the two) is cut to the recorded count.
        try AtomicFile.write(try TokenFile.encode([[1, 2, 3, 4, 9, 9]], level: 0), to: jobFolder.tokens(level: 0))
        #expect(same(try JobCheckpoint.load(from: jobFolder), second))
        #expect(throws: EngineError.self) { try JobCheckpoint.load(from: JobFolder(folder + "/missing")) }
        #expect(throws: EngineError.self) {
            try JobCheckpoint.save(first, record: Self.record(), in: JobFolder(folder + "/no/such/dir"))
        }
        // A record without progress, or with a generator state that could not be, is an error, not a trap.
        try Self.record().save(in: jobFolder)
        #expect(throws: EngineError.self) { try JobCheckpoint.load(from: jobFolder) }
        var zero = Self.record()
        zero.progress = JobProgress(
            generator: [0, 0, 0, 0], takes: [1, 1], lengths: [2, 1], level: 1, window: 0,
            completedLevels: [])
        try zero.save(in: jobFolder)
        #expect(throws: EngineError.self) { try JobCheckpoint.load(from: jobFolder) }
    }

    @Test func aFolderOfTheEarlierLayoutIsReadAndReplaced() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let jobFolder = JobFolder(folder)
        let spec = """
            {"format_version":1,"bundle_identity":"b","sample_length":128,"song_length":128,"offset":0,
             "prompt_length":0,"spec":{"mode":"ancestral","artist":"unknown","genres":[],"lyrics":"","seconds":1,
             "offsetSeconds":0,"takes":1,"seed":7,"temperatures":[0.98,0.99,0.99],"topK":0,"levels":[2,1,0],
             "hopFractions":[0.125,0.5,0.5],"format":"wav"}}
            """
        let checkpoint = """
            {"format_version":2,"bundle_identity":"b","seed":7,"generator":[1,2,3,4],"takes":[1,1],"lengths":[2,1],
             "level":1,"window":0,"completed_levels":[1]}
            """
        try Data(spec.utf8).write(to: URL(fileURLWithPath: folder + "/spec.json"))
        try Data(checkpoint.utf8).write(to: URL(fileURLWithPath: folder + "/checkpoint.json"))
        try AtomicFile.write(try TokenFile.encode([[1, 2]], level: 0), to: jobFolder.tokens(level: 0))
        try AtomicFile.write(try TokenFile.encode([[5]], level: 1), to: jobFolder.tokens(level: 1))
        #expect(JobRecord.exists(in: jobFolder))
        let record = try JobRecord.load(from: jobFolder)
        #expect(record.spec.seed == 7)
        #expect(record.progress?.completedLevels == [1])
        let state = try JobCheckpoint.load(from: jobFolder)
        #expect(state.codes == [[[1, 2]], [[5]]])
        try JobCheckpoint.save(state, record: record, in: jobFolder, levels: [])
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
                == ["generation.json", "tokens-level-0.bin", "tokens-level-1.bin"])
    }
}
