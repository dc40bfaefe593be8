import Foundation
import JukeboxAudio
import JukeboxEngine
import JukeboxModel
import JukeboxTensor
import JukeboxText
import Synchronization
import Testing

/// Every mode end to end on the tiny random bundle, through the job folder.
struct GenerationRunTests {
    let tiny: TinyPipeline.Loaded
    init() throws { tiny = try TinyPipeline.load() }

    func run(
        _ spec: GenerationSpec, primer: [UInt8]? = nil, folder: String? = nil, budget: Int64? = nil,
        onEvent: (@Sendable (GenerationEvent) -> Void)? = nil
    ) throws -> (GenerationRun, GenerationOutcome) {
        let job = try GenerationRun(
            spec: spec, folder: folder ?? TinyPipeline.folder("run"), pipeline: tiny.pipeline,
            bundleIdentity: tiny.identity, primer: primer, memoryBudget: budget)
        try job.prepare()
        return (job, try job.run(onEvent: onEvent))
    }

    @Test func aPrimedJobKeepsThePrimerTokensAndWritesEveryLevel() throws {
        let primer = try TinyPipeline.primer(seconds: 0.25)
        let events = Mutex<[GenerationEvent]>([])
        let spec = GenerationSpec(
            mode: .primed, artist: "demo_band", genres: ["pop"], lyrics: "la la la", seconds: 0.15, takes: 2, seed: 5)
        let (job, outcome) = try run(spec, primer: primer) { event in events.withLock { $0.append(event) } }
        defer { try? FileManager.default.removeItem(atPath: job.folder.path) }

        let hops = tiny.pipeline.vqvae.hopLengths
        // 0.25 s at 44.1 kHz is 11025 samples, cut to 86 top tokens (11008); 0.15 s more
        // (6615 samples) makes 17623, rounded up to 138 top tokens (17664).
        #expect(job.record.promptLength == 11008)
        #expect(job.record.sampleLength == 17664)
        #expect(outcome.tokenCounts == hops.map { 17664 / $0 })
        #expect(outcome.files == ["take-1.wav", "take-2.wav"])

        // The primer's own codes begin every level of every take.
        let prepared = try AudioReader.read(bytes: primer).preparedForModel(sampleRateHz: 44_100).prefix(11008)
        let primerCodes = try tiny.pipeline.vqvae.encode(
            Tensor(Array(prepared), shape: [1, 1, 11008]), levels: [0, 1, 2])
        let saved = try JobCheckpoint.load(from: job.folder)
        for level in 0..<3 {
            for take in 0..<2 {
                #expect(Array(saved.codes[level][take].prefix(11008 / hops[level])) == primerCodes[level][0])
            }
        }
        #expect(saved.completedLevels == [2, 1, 0])
        // Previews of levels 2 and 1 and the takes, each as long as the result.
        for name in ["level-2-take-1.wav", "level-1-take-2.wav", "take-1.wav", "take-2.wav"] {
            let audio = try AudioReader.read(path: job.folder.path + "/" + name)
            #expect(audio.samples.count == 17664, "\(name)")
            #expect(audio.sampleRateHz == 44_100)
        }
        let seen = events.withLock { $0 }
        let done = seen.compactMap { if case .levelDone(let level, _) = $0 { level } else { nil } }
        #expect(done == [2, 1, 0])
        let stages = seen.compactMap { if case .progress(let p) = $0 { p.stage } else { nil } }
        #expect(stages.first == .encode)
        #expect(stages.contains(.sample) && stages.contains(.decode) && stages.contains(.write))
        // Windows wholly inside the primer are skipped: the first sampled window at the top is
        // not window 1, and tokens never go below the primer's.
        let top = seen.compactMap { if case .progress(let p) = $0, p.stage == .sample, p.level == 2 { p } else { nil } }
        #expect(top.allSatisfy { $0.completed >= 86 && $0.total == 138 })
        #expect((top.first?.window ?? 0) > 1)
        #expect(top.last?.completed == 138)
        #expect(top.contains { $0.tokensPerSecond != nil && $0.etaSeconds != nil })
    }

    @Test func anAncestralJobStoppedAfterTheTopLevelIsUpsampledLater() throws {
        let spec = GenerationSpec(mode: .ancestral, seconds: 0.2, takes: 1, seed: 9, levels: [2])
        let (preview, outcome) = try run(spec)
        defer { try? FileManager.default.removeItem(atPath: preview.folder.path) }
        #expect(outcome.files == ["level-2-take-1.wav"])
        #expect(outcome.tokenCounts == [0, 0, 69])  // 0.2 s rounds up to 69 top tokens (8832 samples)
        #expect(!FileManager.default.fileExists(atPath: preview.folder.path + "/take-1.wav"))

        var upsample = GenerationSpec(mode: .upsample, seconds: nil, takes: 1, seed: 3, levels: [1, 0])
        upsample.source = SourceTake(folder: preview.folder.path, take: 0)
        let (render, rendered) = try run(upsample)
        defer { try? FileManager.default.removeItem(atPath: render.folder.path) }
        #expect(rendered.tokenCounts == [8832 / 8, 8832 / 32, 69])
        let top = try JobCheckpoint.load(from: preview.folder).codes[2][0]
        #expect(try JobCheckpoint.load(from: render.folder).codes[2][0] == top)
        #expect(try AudioReader.read(path: render.folder.path + "/take-1.wav").samples.count == 8832)
    }

    @Test func aContinuedTakeKeepsItsTokensAndGrows() throws {
        let (first, _) = try run(GenerationSpec(mode: .ancestral, seconds: 0.1, takes: 2, seed: 1))
        defer { try? FileManager.default.removeItem(atPath: first.folder.path) }
        var spec = GenerationSpec(mode: .continue, seconds: 0.1, takes: 1, seed: 2)
        spec.source = SourceTake(folder: first.folder.path, take: 1)
        let (next, outcome) = try run(spec)
        defer { try? FileManager.default.removeItem(atPath: next.folder.path) }
        let before = try JobCheckpoint.load(from: first.folder).codes
        let after = try JobCheckpoint.load(from: next.folder).codes
        #expect(next.record.promptLength == before[2][1].count * 128)
        #expect(outcome.tokenCounts[2] > before[2][1].count)
        for level in 0..<3 { #expect(Array(after[level][0].prefix(before[level][1].count)) == before[level][1]) }
    }

    @Test func aResumedJobEndsWithTheTokensOfAnUninterruptedOne() throws {
        let primer = try TinyPipeline.primer(seconds: 0.15)
        let spec = GenerationSpec(
            mode: .primed, artist: "synth_ensemble", genres: ["jazz"], seconds: 0.15, takes: 2, seed: 77, topK: 0)
        let (whole, _) = try run(spec, primer: primer)
        defer { try? FileManager.default.removeItem(atPath: whole.folder.path) }

        for stopAt in [3, 30] {  // inside the top level, and further down
            let folder = TinyPipeline.folder("resume")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let job = try GenerationRun(
                spec: spec, folder: folder, pipeline: tiny.pipeline, bundleIdentity: tiny.identity, primer: primer)
            try job.prepare()
            let windows = Mutex(0)
            #expect(throws: EngineError.stopped(.shutdown)) {
                _ = try job.run { event in
                    guard case .progress(let p) = event, p.stage == .sample else { return }
                    if windows.withLock({
                        $0 += 1
                        return $0
                    }) == stopAt {
                        job.stop(.shutdown)
                    }
                }
            }
            #expect(!FileManager.default.fileExists(atPath: folder + "/take-1.wav"))
            let resumed = try GenerationRun.resume(
                folder: folder, pipeline: tiny.pipeline, bundleIdentity: tiny.identity)
            _ = try resumed.run()
            #expect(
                try JobCheckpoint.load(from: JobFolder(folder)).codes == JobCheckpoint.load(from: whole.folder).codes)
            let a = try AudioReader.read(path: folder + "/take-2.wav").samples
            let b = try AudioReader.read(path: whole.folder.path + "/take-2.wav").samples
            #expect(a == b)
        }
    }

    @Test func cancelStopsWithinOneStepAndLeavesALoadableCheckpoint() throws {
        let folder = TinyPipeline.folder("cancel")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let job = try GenerationRun(
            spec: GenerationSpec(mode: .ancestral, seconds: 1, takes: 1, seed: 4), folder: folder,
            pipeline: tiny.pipeline, bundleIdentity: tiny.identity)
        let afterStop = Mutex<[Int]>([])
        #expect(throws: EngineError.stopped(.cancel)) {
            _ = try job.run { event in
                guard case .progress(let p) = event, p.stage == .sample else { return }
                if p.completed >= 100 {
                    afterStop.withLock { $0.append(p.completed) }
                    job.stop(.cancel)
                }
            }
        }
        // Reports are throttled, so the first one past 100 is the only one after the stop.
        #expect(afterStop.withLock { $0.count } == 1)
        let saved = try JobCheckpoint.load(from: JobFolder(folder))
        #expect(saved.codes[2][0].count < 345 && saved.codes[2][0].count % 8 == 0)  // whole windows of 8 new tokens
        #expect(saved.completedLevels.isEmpty)
    }

    @Test func aJobOverTheMemoryBudgetIsRefusedBeforeAnythingIsWritten() throws {
        let folder = TinyPipeline.folder("budget")
        let spec = GenerationSpec(mode: .ancestral, seconds: 60, takes: 16, seed: 1)
        #expect(throws: EngineError.self) {
            _ = try GenerationRun(
                spec: spec, folder: folder, pipeline: tiny.pipeline, bundleIdentity: tiny.identity,
                memoryBudget: 256 << 20)
        }
        #expect(!FileManager.default.fileExists(atPath: folder))
        let fits = try GenerationRun(
            spec: GenerationSpec(mode: .ancestral, seconds: 1, takes: 1), folder: folder, pipeline: tiny.pipeline,
            bundleIdentity: tiny.identity, memoryBudget: 256 << 20)
        #expect(fits.plan.totalBytes < 256 << 20)
        // One model is resident at a time: the peak phase's file, not the whole bundle.
        let files = [tiny.bundle.vqvae.file.count] + tiny.bundle.priors.map(\.file.count)
        #expect(files.map(Int64.init).contains(fits.plan.weightBytes))
        #expect(fits.plan.weightBytes < Int64(tiny.bundle.weightBytes))
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test func badJobsAreRefusedUpFront() throws {
        let folder = TinyPipeline.folder("bad")
        func refuse(_ spec: GenerationSpec, primer: [UInt8]? = nil) {
            #expect(throws: (any Error).self) {
                _ = try GenerationRun(
                    spec: spec, folder: folder, pipeline: tiny.pipeline, bundleIdentity: tiny.identity, primer: primer)
            }
        }
        let primer = try TinyPipeline.primer(seconds: 0.2)
        #expect(throws: TextError.self) {
            _ = try GenerationRun(
                spec: GenerationSpec(mode: .primed, artist: "nobody at all", seconds: 1), folder: folder,
                pipeline: tiny.pipeline, bundleIdentity: tiny.identity, primer: primer)
        }
        #expect(throws: AudioError.self) {
            _ = try GenerationRun(
                spec: GenerationSpec(mode: .primed, seconds: 1), folder: folder, pipeline: tiny.pipeline,
                bundleIdentity: tiny.identity, primer: Array("not audio".utf8))
        }
        #expect(throws: EngineError.self) {  // 0.001 s is shorter than one top-level token
            _ = try GenerationRun(
                spec: GenerationSpec(mode: .primed, seconds: 1), folder: folder, pipeline: tiny.pipeline,
                bundleIdentity: tiny.identity, primer: try TinyPipeline.primer(seconds: 0.001))
        }
        refuse(GenerationSpec(mode: .primed, seconds: 1))  // no primer
        refuse(GenerationSpec(mode: .ancestral, seconds: 1), primer: primer)  // a primer it cannot use
        refuse(GenerationSpec(mode: .ancestral, seconds: 0))
        refuse(GenerationSpec(mode: .ancestral, seconds: 1, levels: [1, 0]))
        refuse(GenerationSpec(mode: .ancestral, seconds: 1, levels: [2, 0]))
        refuse(GenerationSpec(mode: .ancestral, seconds: 1, temperatures: [1, 1]))
        refuse(GenerationSpec(mode: .ancestral, seconds: 1, hopFractions: [0, 0.5, 0.5]))
        refuse(GenerationSpec(mode: .ancestral, seconds: 1, songSeconds: 0.5))
        refuse(GenerationSpec(mode: .upsample, seconds: nil, levels: [1, 0]))  // no source
        refuse(
            GenerationSpec(mode: .upsample, seconds: nil, levels: [1, 0], source: SourceTake(folder: folder, take: 0)))
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test func aJobFolderOfAnotherBundleIsNotResumed() throws {
        let (job, _) = try run(GenerationSpec(mode: .ancestral, seconds: 0.05, levels: [2]))
        defer { try? FileManager.default.removeItem(atPath: job.folder.path) }
        #expect(throws: EngineError.bundleMismatch(expected: "other", found: tiny.identity)) {
            _ = try GenerationRun.resume(folder: job.folder.path, pipeline: tiny.pipeline, bundleIdentity: "other")
        }
    }
}

/// The events stream, consumed concurrently as the daemon does.
struct GenerationEventStreamTests {
    @Test func theStreamCarriesEveryLevelAndFinishesWithTheRun() async throws {
        let tiny = try TinyPipeline.load()
        let folder = TinyPipeline.folder("stream")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let job = try GenerationRun(
            spec: GenerationSpec(mode: .ancestral, seconds: 0.05, takes: 1, seed: 2), folder: folder,
            pipeline: tiny.pipeline, bundleIdentity: tiny.identity)
        let consumer = Task {
            var levels: [Int] = []
            var progress = 0
            for await event in job.events {
                switch event {
                case .levelDone(let level, _): levels.append(level)
                case .progress: progress += 1
                case .preview, .takeDropped: break
                }
            }
            return (levels, progress)
        }
        let outcome = try await Task.detached { try job.run() }.value
        let (levels, progress) = await consumer.value  // ends: the run finished the stream
        #expect(levels == [2, 1, 0])
        #expect(progress > 3)
        #expect(outcome.files == ["take-1.wav"])
    }
}
