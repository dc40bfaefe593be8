import ArgumentParser
import Foundation
import JukeboxEngine
import JukeboxModel
import JukeboxTensor
import JukeboxWeights

/// `jukeboxd bench`: speed and memory figures (release builds only), as ratios to this
/// machine's own measured limits.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Print speed and memory figures of the models at the official sizes (random weights).",
        subcommands: [BenchVQVAE.self, BenchPrior.self, BenchPipeline.self])
}

/// `jukeboxd bench vqvae`.
struct BenchVQVAE: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vqvae",
        abstract: "Encode and decode N seconds of audio at each level with the official VQ-VAE shapes.")

    @Option(help: "Seconds of audio.")
    var seconds: Double = 60

    @Option(help: "Compute threads (default: all cores).")
    var threads: Int?

    @Option(help: "Seconds of audio per piece for long inputs.")
    var chunkSeconds: Double = 5

    func run() throws {
        ComputeThreads.configure(threads: threads ?? ComputeThreads.onlineProcessorCount)
        let limits = MachineRates.measure()
        print(limits.description)
        let hp = ModelPreset.fiveB.vqvae
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bench-vqvae-\(getpid()).safetensors")
            .path
        try RandomWeights.write(CheckpointSchema.vqvae(hp), to: path, seed: 1)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = try VQVAE(hp, weights: WeightStore(try SafeTensorsReader(path: path)))

        let top = hp.hopLengths.last!
        let samples = Int(seconds * Double(hp.sr)) / top * top
        let audio = Tensor(
            (0..<samples).map { Float(0.5 * sin(Double($0) * 0.0627) * sin(Double($0) * 0.00013)) },
            shape: [1, 1, samples])
        let chunkSamples = Int(chunkSeconds * Double(hp.sr))
        let chunkCodes = { (level: Int) in chunkSamples / hp.hopLengths[level] }
        let audioSeconds = Double(samples) / Double(hp.sr)
        print(
            String(
                format: "vqvae: official shapes, %.1f s of audio (%d samples), batch 1, pieces of %.0f s", audioSeconds,
                samples, chunkSeconds))
        // Reference on this kind of machine (shared/baseline.md), seconds per 10 s of audio.
        let referenceDecode = [2.69, 0.94, 0.49]
        var encodeTotal = 0.0
        var codesByLevel: [[[Int]]] = []
        for level in 0..<hp.levels {
            let start = monotonicSeconds()
            let codes = try model.encode(audio, levels: [level], chunkSamples: chunkSamples)[0]
            let elapsed = monotonicSeconds() - start
            encodeTotal += elapsed
            codesByLevel.append(codes)
            report(
                "encode level \(level)", elapsed, model.encodeFLOPs(samples: samples, level: level), audioSeconds,
                limits, nil)
        }
        print(
            String(
                format: "encode all levels: %.2f s, %.1fx real time; reference 5.77 s per 10 s -> speed-up %.2fx",
                encodeTotal, audioSeconds / encodeTotal, 5.77 * audioSeconds / 10 / encodeTotal))
        for level in 0..<hp.levels {
            let start = monotonicSeconds()
            _ = try model.decode(codesByLevel[level], level: level, chunkCodes: chunkCodes(level))
            let elapsed = monotonicSeconds() - start
            report(
                "decode level \(level)", elapsed, model.decodeFLOPs(codes: codesByLevel[level][0].count, level: level),
                audioSeconds, limits, referenceDecode[level] * audioSeconds / 10)
        }
        print(String(format: "peak resident memory: %.2f GiB", Double(peakResidentBytes()) / Double(1 << 30)))
    }

    private func report(
        _ what: String, _ seconds: Double, _ flops: Double, _ audioSeconds: Double, _ limits: MachineRates,
        _ reference: Double?
    ) {
        let rate = flops / seconds / 1e9
        var line = String(
            format: "%@: %.2f s, %.1fx real time, %.1f GFLOP/s (%.0f%% of sgemm)", what, seconds,
            audioSeconds / seconds, rate, 100 * rate / limits.sgemmGFLOPS)
        if let reference {
            line += String(format: "; reference %.2f s -> speed-up %.2fx", reference, reference / seconds)
        }
        print(line)
    }
}
