import ArgumentParser
import Foundation
import JukeboxEngine
import JukeboxModel
import JukeboxTensor
import JukeboxWeights

/// `jukeboxd bench prior`: sampling speed of one prior at the official shapes with random
/// weights, against this machine's bandwidth and sgemm rooflines.
struct BenchPrior: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prior",
        abstract: "Milliseconds per token and prefix throughput of a prior at the official shapes (random weights).")

    @Option(help: "1b_lyrics (top), 5b_lyrics (top) or upsampler (level 1).")
    var model: String = "1b_lyrics"

    @Option(help: "Transformer layers (default: the official depth); fewer time faster and scale linearly.")
    var depth: Int?

    @Option(help: "Storage of the Conv1D matrices: f16, bf16 or f32.")
    var dtype: String = "bf16"

    @Option(help: "Batch sizes, comma-separated.")
    var batches: String = "1,3,16"

    @Option(help: "New tokens timed per batch size.")
    var steps: Int = 32

    @Option(help: "Tokens sampled before timing starts, so start-up effects do not count.")
    var warmup: Int = 8

    @Option(help: "Music prefix re-fed to time prefix processing (tokens).")
    var prefix: Int = 1024

    @Option(help: "Compute threads (default: all cores).")
    var threads: Int?

    func run() throws {
        ComputeThreads.configure(threads: threads ?? ComputeThreads.onlineProcessorCount)
        let limits = MachineRates.measure()
        print(limits.description)
        let vqvae = ModelPreset.oneBLyrics.vqvae
        var hp: PriorHyperparameters
        switch model {
        case "1b_lyrics": hp = ModelPreset.oneBLyrics.priors[2]
        case "5b_lyrics": hp = ModelPreset.fiveBLyrics.priors[2]
        case "upsampler": hp = ModelPreset.fiveB.priors[1]
        default: throw ValidationError("--model must be 1b_lyrics, 5b_lyrics or upsampler")
        }
        if let depth { hp.priorDepth = depth }
        let half: DType?
        switch dtype {
        case "f16": half = .float16
        case "bf16": half = .bfloat16
        case "f32": half = nil
        default: throw ValidationError("--dtype must be f16, bf16 or f32")
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bench-prior-\(getpid()).safetensors")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var started = monotonicSeconds()
        try RandomWeights.write(try CheckpointSchema.prior(hp, vqvae: vqvae), to: path, seed: 1, halfMatrices: half)
        let reader = try SafeTensorsReader(path: path)
        let prior = try Prior(weights: WeightStore(reader), hyperparameters: hp, vqvae: vqvae)
        // Bytes a batch-1 step must read: every transformer matrix and the output layer.
        let stepBytes = reader.entries.filter {
            $0.name.hasPrefix("prior.transformer.") || $0.name == "prior.x_out.weight"
        }
        .map { $0.byteRange.count }.reduce(0, +)
        let parameters = reader.entries.filter { $0.name.hasPrefix("prior.transformer.") }
            .map { $0.shape.reduce(1, *) }.reduce(0, +)
        print(
            String(
                format:
                    "prior %@: width %d, depth %d, n_ctx %d, %@ matrices; weights made in %.1f s; %.2f GB read per step",
                model, hp.priorWidth, hp.priorDepth, hp.nCtx, dtype, monotonicSeconds() - started,
                Double(stepBytes) / 1e9))
        let roofline = Double(stepBytes) / (limits.readGBps * 1e9)
        print(String(format: "bandwidth roofline for one batch-1 step: %.1f ms", roofline * 1000))
        if half == .bfloat16 { print("bf16 matrices through: \(BF16Dot.kernelName)") }

        for batch in batches.split(separator: ",").compactMap({ Int($0) }) where batch > 0 {
            let conditioning = try prior.conditioning(
                labels: BenchInputs.labels(hp, batch: batch), upperCodes: BenchInputs.upperCodes(hp, batch: batch))
            var generator = SeededGenerator(seed: 7)
            var stamps: [Double] = []
            _ = try prior.sample(
                prefix: Array(repeating: [], count: batch), length: warmup + steps + 1, conditioning: conditioning,
                options: SamplingOptions(chunkSize: 128), using: &generator,
                progress: { done, _ in if done > 0 { stamps.append(monotonicSeconds()) } })
            let timed = stamps.suffix(steps + 1)
            let perToken = (timed.last! - timed.first!) / Double(max(timed.count - 1, 1))
            print(
                String(
                    format: "batch %2d: %.1f ms per step (%.1f ms per sequence), %.0f%% of the bandwidth roofline",
                    batch, perToken * 1000, perToken * 1000 / Double(batch), 100 * roofline / perToken))
            if batch == 1 {
                // The read rate drifts on shared machines: measure it again right after this timing.
                let again = MachineRates.streamingReadGBps()
                let achieved = Double(stepBytes) / perToken / 1e9
                print(
                    String(
                        format:
                            "  (%.2f GB/s read; streaming read measured again just after: %.1f GB/s, %.0f%% of that roofline)",
                        achieved, again, 100 * achieved / again))
            }
        }

        let conditioning = try prior.conditioning(
            labels: BenchInputs.labels(hp, batch: 1), upperCodes: BenchInputs.upperCodes(hp, batch: 1))
        let codes = [(0..<prefix).map { ($0 * 7919) % vqvae.lBins }]
        var generator = SeededGenerator(seed: 3)
        started = monotonicSeconds()
        var firstToken = 0.0
        _ = try prior.sample(
            prefix: codes, length: prefix + 1, conditioning: conditioning, options: SamplingOptions(chunkSize: 128),
            using: &generator, progress: { _, _ in firstToken = monotonicSeconds() })
        let seconds = firstToken - started
        let fed = prefix + (hp.singleEncDec ? hp.nTokens : 0)
        let rate = 2 * Double(parameters) * Double(fed) / seconds / 1e9
        print(
            String(
                format:
                    "prefix of %d tokens (chunks of 128): %.2f s, %.0f tokens/s, %.1f GFLOP/s in the matrices (%.0f%% of sgemm)",
                fed, seconds, Double(fed) / seconds, rate, 100 * rate / limits.sgemmGFLOPS))
        if let bf16 = limits.bf16 {
            print(
                String(
                    format: "  (%.0f%% of the bf16 square product, %.0f%% of the vdpbf16ps peak)",
                    100 * rate / bf16.productGFLOPS, 100 * rate / bf16.peakGFLOPS))
        }
        // The full masked forward (attention over whole query blocks), as scoring and evaluate run it.
        let window = [(0..<hp.nCtx).map { ($0 * 7919) % vqvae.lBins }]
        started = monotonicSeconds()
        _ = try prior.logits(codes: window, conditioning: conditioning)
        let forward = monotonicSeconds() - started
        let length = hp.nCtx + (hp.singleEncDec ? hp.nTokens : 0)
        print(
            String(
                format: "teacher-forced forward of one window (%d tokens): %.2f s, %.0f tokens/s",
                length, forward, Double(length) / forward))
        print(String(format: "peak resident memory: %.2f GiB", Double(peakResidentBytes()) / Double(1 << 30)))
    }
}
