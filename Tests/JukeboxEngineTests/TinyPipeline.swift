import Foundation
import JukeboxAudio
import JukeboxEngine
import JukeboxWeights

/// The tiny random bundle, written once per test process, and helpers for job tests.
enum TinyPipeline {
    struct Loaded: Sendable {
        let bundle: ModelBundle
        let pipeline: Pipeline
        var identity: String { BundleIdentity.of(bundle.config) }
    }

    static let shared: Result<Loaded, any Error> = Result {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tiny-engine-\(getpid())").path
        if !FileManager.default.fileExists(atPath: path) {
            try RandomBundle.write(
                config: TinyBundle.config(createdBy: "engine tests"), labels: TinyBundle.labels, to: path, seed: 7)
        }
        let bundle = try ModelBundle(path: path)
        return Loaded(bundle: bundle, pipeline: try Pipeline(bundle: bundle))
    }

    static func load() throws -> Loaded { try shared.get() }

    /// A WAV file's bytes: `seconds` of a 440 Hz tone at 22.05 kHz stereo (so it is resampled and mixed).
    static func primer(seconds: Double) throws -> [UInt8] {
        let rate = 22_050
        let frames = Int(seconds * Double(rate))
        var samples: [Float] = []
        for i in 0..<frames {
            let v = Float(0.4 * sin(2 * Double.pi * 440 * Double(i) / Double(rate)))
            samples += [v, v * 0.5]
        }
        return try AudioWriter.encode(
            AudioBuffer(samples: samples, channels: 2, sampleRateHz: rate), format: .wav(.pcm16))
    }

    /// A fresh folder path (not created).
    static func folder(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("job-\(name)-\(UUID().uuidString)").path
    }
}
