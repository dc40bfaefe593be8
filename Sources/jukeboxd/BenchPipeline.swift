import ArgumentParser
import Foundation
import JukeboxEngine
import JukeboxModel
import JukeboxTensor
import JukeboxTerms
import JukeboxWeights

/// `jukeboxd bench pipeline`: times one window's work per level at the official shapes (random
/// weights) and projects a whole continuation from the levels' window schedules.
struct BenchPipeline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract:
            "Project the time of a continuation at the official shapes from one window per level (random weights).",
        discussion: """
            Each level's prior is built with --depth layers and with twice that (random weights, \
            official widths and context), timed on new tokens and on a re-fed prefix at the job's \
            batch, and extrapolated to the official depth (the per-layer difference times the depth, \
            plus what a step costs whatever its depth). The window schedule of every level (the default hop fractions, 0.125, 0.5, 0.5 top first) then gives \
            the new and re-fed tokens of the whole job. A second table sets each kind of work against \
            its floor on this machine: new tokens against the bytes a step reads at the measured \
            streaming-read bandwidth, re-fed tokens against their FLOPs at the measured sgemm rate \
            (every prior's matrices in bfloat16, as `convert --preset` writes the official \
            bundles).
            """)

    @Option(help: "The top prior: 5b_lyrics or 1b_lyrics (the upsamplers are the same for both).")
    var model: String = "5b_lyrics"

    @Option(help: "Seconds of new music to project.")
    var seconds: Double = 60

    @Option(help: "Takes sampled together.")
    var takes: Int = 3

    @Option(help: "Layers built and timed per prior, and twice that; the official depth's time is extrapolated.")
    var depth: Int = 2

    @Option(help: "New tokens timed per level.")
    var steps: Int = 8

    @Option(help: "Re-fed prefix tokens timed per level (chunks of 32, as jobs run).")
    var prefix: Int = 256

    @Option(help: "Compute threads (default: all cores).")
    var threads: Int?

    func validate() throws {
        guard seconds > 0, takes > 0, depth > 0, steps > 1, prefix > 0 else {
            throw ValidationError("--seconds, --takes, --depth, --prefix must be positive and --steps above 1")
        }
    }

    func run() throws {
        try reportingErrors(project)
    }

    private func project() throws {
        ComputeThreads.configure(threads: threads ?? ComputeThreads.onlineProcessorCount)
        let limits = MachineRates.measure()
        print(limits.description)
        let preset = try ModelPreset.named(model)
        let vqvae = preset.vqvae
        let hops = vqvae.hopLengths
        let hopFractions = GenerationDefaults.hopFractions  // top level first
        print(
            String(
                format:
                    "projection: %@, %.0f s of new music, %d takes batched, timed at depths %d and %d and extrapolated",
                model, seconds, takes, depth, 2 * depth))
        print(
            "level  depth  width  n_ctx   ms/step  prefix tok/s   new tokens  re-fed tokens    new h   re-fed h   total h"
        )
        var total = 0.0
        var floors: [(level: Int, new: Double, newFloor: Double, refed: Double, refedFloor: Double)] = []
        for level in [2, 1, 0] {
            var hp = preset.priors[level]
            let official = hp.priorDepth
            // Timed at `depth` and at twice that: the difference is what the layers cost, the
            // rest (embeddings, x_out, conditioning) is paid once per step whatever the depth,
            // so the official depth's time is the intercept plus official x the per-layer slope.
            // (Scaling one shallow timing by official / depth overstated a full-size job's
            // steps by 24-42%.)
            let shallow = min(depth, official)
            let deep = min(2 * shallow, official)
            hp.priorDepth = shallow
            let (shallowStep, shallowRate) = try time(hp, vqvae: vqvae)
            hp.priorDepth = deep
            let (deepStep, deepRate) = try time(hp, vqvae: vqvae)
            func atOfficialDepth(_ a: Double, _ b: Double) -> Double {
                guard deep > shallow else { return a * Double(official) / Double(shallow) }
                let perLayer = max(0, (b - a) / Double(deep - shallow))
                return max(a - perLayer * Double(shallow), 0) + perLayer * Double(official)
            }
            let step = atOfficialDepth(shallowStep, deepStep)
            let prefixRate = 1 / atOfficialDepth(1 / shallowRate, 1 / deepRate)  // re-fed tokens per second
            let tokens = Int((seconds * Double(vqvae.sr)).rounded(.up)) / hops[level]
            let schedule = try WindowSchedule(
                totalTokens: tokens, contextLength: hp.nCtx,
                hopLength: Int(hopFractions[hopFractions.count - 1 - level] * Double(hp.nCtx)),
                existingTokens: 0)
            let fresh = schedule.windows.map(\.newTokens).reduce(0, +)
            let refed = schedule.windows.map(\.conditioningTokens).reduce(0, +)
            let newHours = Double(fresh) * step / 3600
            let refedHours = Double(refed) / prefixRate / 3600
            total += newHours + refedHours
            var officialHP = hp
            officialHP.priorDepth = official
            var floor = try PriorCost(officialHP, vqvae: vqvae, matrixBytes: 2)
            floor.bf16Matrices = true
            floors.append(
                (
                    level, newHours, Double(fresh) * floor.stepSeconds(takes: takes, rates: limits) / 3600,
                    refedHours, Double(refed) * floor.prefixSeconds(takes: takes, rates: limits) / 3600
                ))
            print(
                String(
                    format: "%5d  %5d  %5d  %5d  %8.1f  %12.0f  %11d  %13d  %7.2f  %9.2f  %8.2f",
                    level, official, hp.priorWidth, hp.nCtx, step * 1000, prefixRate, fresh, refed,
                    newHours, refedHours, newHours + refedHours))
        }
        print(
            String(
                format:
                    "projected total: %.1f hours for %.0f s (%.1f hours per minute of music); the reference needs about 9 hours per minute on a V100 GPU",
                total, seconds, total * 60 / seconds))
        printFloors(floors, total: total)
        print(
            String(format: "peak resident memory of the bench: %.2f GiB", Double(peakResidentBytes()) / Double(1 << 30))
        )
    }

    /// Each level's time against its floor, and the whole job's against 9 hours per minute.
    private func printFloors(
        _ floors: [(level: Int, new: Double, newFloor: Double, refed: Double, refedFloor: Double)], total: Double
    ) {
        print("against the floors of this machine (hours; x = time / floor):")
        print("level      new h  floor h      x   re-fed h  floor h      x")
        var floorTotal = 0.0
        for row in floors {
            floorTotal += row.newFloor + row.refedFloor
            print(
                String(
                    format: "%5d  %9.2f  %7.2f  %5.1f  %9.2f  %7.2f  %5.1f", row.level, row.new, row.newFloor,
                    row.new / row.newFloor, row.refed, row.refedFloor, row.refed / row.refedFloor))
        }
        let perMinute = 60 / seconds
        print(
            String(
                format: "floors: %.1f hours per minute of music; projected: %.1f (x %.1f); target: 9.0 (x %.2f of it)",
                floorTotal * perMinute, total * perMinute, total / floorTotal, total * perMinute / 9))
    }

    /// Seconds per batched step and re-fed tokens per second (per take row) of `hp` with random weights.
    private func time(_ hp: PriorHyperparameters, vqvae: VQVAEHyperparameters) throws -> (Double, Double) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bench-pipeline-\(getpid()).safetensors"
        ).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try RandomWeights.write(
            try CheckpointSchema.prior(hp, vqvae: vqvae), to: path, seed: 1,
            halfMatrices: .bfloat16)
        let prior = try Prior(
            weights: WeightStore(try SafeTensorsReader(path: path)), hyperparameters: hp, vqvae: vqvae)
        let conditioning = try prior.conditioning(
            labels: BenchInputs.labels(hp, batch: takes), upperCodes: BenchInputs.upperCodes(hp, batch: takes))
        var generator = SeededGenerator(seed: 5)
        var stamps: [Double] = []
        _ = try prior.sample(
            prefix: Array(repeating: [], count: takes), length: steps + 1, conditioning: conditioning,
            options: SamplingOptions(chunkSize: 32), using: &generator,
            progress: { done, _ in if done > 0 { stamps.append(monotonicSeconds()) } })
        let step = (stamps.last! - stamps.first!) / Double(stamps.count - 1)
        let codes = (0..<takes).map { row in (0..<prefix).map { ($0 * 7919 + row) % vqvae.lBins } }
        let started = monotonicSeconds()
        var firstToken = 0.0
        _ = try prior.sample(
            prefix: codes, length: prefix + 1, conditioning: conditioning, options: SamplingOptions(chunkSize: 32),
            using: &generator, progress: { done, _ in if done == 1 { firstToken = monotonicSeconds() } })
        let prefixSeconds = firstToken - started - step
        return (step, Double(prefix) / prefixSeconds)
    }
}
