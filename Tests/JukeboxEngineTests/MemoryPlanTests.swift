import Foundation
import JukeboxEngine
import JukeboxModel
import JukeboxWeights
import Testing

/// Only the model in use is resident, and the plan counts what a job holds.
///
/// On a bundle of its own, one test at a time: jobs of other suites on the shared tiny bundle
/// map its pages in while they run.
@Suite(.serialized) struct MemoryPlanTests {
    static let own: Result<TinyPipeline.Loaded, any Error> = Result {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tiny-memory-\(getpid())").path
        if !FileManager.default.fileExists(atPath: path) {
            try RandomBundle.write(
                config: TinyBundle.config(createdBy: "memory tests"), labels: TinyBundle.labels, to: path, seed: 7)
        }
        let bundle = try ModelBundle(path: path)
        return TinyPipeline.Loaded(bundle: bundle, pipeline: try Pipeline(bundle: bundle))
    }
    let tiny: TinyPipeline.Loaded
    init() throws { tiny = try Self.own.get() }

    /// Resident bytes of this process's mappings of `path` (`/proc/self/smaps`).
    static func residentBytes(ofMappingsOf path: String) throws -> Int {
        // procfs files report a size of 0, so read to the end rather than by size.
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/smaps"))
        defer { try? handle.close() }
        let smaps = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
        var inside = false
        var total = 0
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if let first = fields.first, first.contains("-"), fields.count >= 5, !first.hasSuffix(":") {
                inside = fields.count >= 6 && fields[5...].joined(separator: " ") == path
            } else if inside, fields.first == "Rss:", fields.count >= 2, let kb = Int(fields[1]) {
                total += kb * 1024
            }
        }
        return total
    }

    @Test func releasingAPriorDropsItsPagesFromThisProcess() throws {
        let file = tiny.bundle.priors[1].file
        // Touch every page, as sampling the level does.
        var sum = 0
        try file.withBytes(0..<file.count) { bytes in
            var i = 0
            while i < bytes.count {
                sum &+= Int(bytes[i])
                i += 4096
            }
        }
        #expect(sum != -1)
        let touched = try Self.residentBytes(ofMappingsOf: file.path)
        #expect(touched >= file.count / 2)  // the whole file is mapped in, give or take the last page
        tiny.pipeline.weightFiles.releasePrior(level: 1)
        #expect(try Self.residentBytes(ofMappingsOf: file.path) == 0)
    }

    @Test func aJobLeavesNoModelResidentWhenItIsDone() throws {
        let folder = TinyPipeline.folder("resident")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try GenerationRun(
            spec: GenerationSpec(mode: .ancestral, seconds: 0.2, takes: 2, seed: 3), folder: folder,
            pipeline: tiny.pipeline, bundleIdentity: tiny.identity)
        _ = try run.run()
        for file in [tiny.bundle.vqvae.file] + tiny.bundle.priors.map(\.file) {
            #expect(try Self.residentBytes(ofMappingsOf: file.path) == 0, "\(file.path)")
        }
    }

    @Test func thePlanCountsThePeakPhasesModelAndItsCachesExactly() throws {
        let pipeline = tiny.pipeline
        let plan = MemoryPlan(
            pipeline: pipeline, levels: [2, 1, 0], takes: 3, batch: 16, chunk: 32, sampleLength: 44_100,
            decodeChunkSamples: 44_100, precision: { _ in .float32 })
        let files = pipeline.weightFiles
        let phases = [files.codecBytes] + (0..<3).map { files.priorBytes(level: $0) }
        #expect(phases.map(Int64.init).contains(plan.weightBytes))
        if plan.peakPhase.hasPrefix("sample level ") {
            let level = Int(plan.peakPhase.dropFirst("sample level ".count))!
            #expect(plan.weightBytes == Int64(files.priorBytes(level: level)))
            #expect(plan.cacheBytes == Int64(pipeline.priors[level].cacheBytes(batch: 3, precision: .float32)))
        }
        #expect(
            plan.totalBytes == MemoryPlan.baseBytes + plan.weightBytes + plan.cacheBytes + plan.activationBytes
                + plan.audioBytes)
    }

    @Test func sixteenBitCachesHoldHalfTheBytes() throws {
        for prior in tiny.pipeline.priors {
            let full = prior.cacheBytes(batch: 3, precision: .float32)
            #expect(full > 0)
            #expect(prior.cacheBytes(batch: 3, precision: .float16) * 2 == full)
            #expect(prior.cacheBytes(batch: 1, precision: .float32) * 3 == full)
        }
    }
}
