import Foundation
import JukeboxAudio
import Testing

/// A fresh temporary folder per test, removed when the value goes away.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("jukebox-audio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// Runs a Debian tool (sox, oggenc, ...) and fails the test if it does not exit 0.
func runTool(_ tool: String, _ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let message = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw ToolFailure(
            command: ([tool] + arguments).joined(separator: " "),
            output: String(decoding: message, as: UTF8.self))
    }
}

struct ToolFailure: Error, CustomStringConvertible {
    var command: String
    var output: String
    var description: String { "\(command) failed: \(output)" }
}

/// Deterministic pseudo-random samples in [-1, 1) (SplitMix64), so failures reproduce.
func noise(count: Int, seed: UInt64) -> [Float] {
    var state = seed
    return (0..<count).map { _ in
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Float(Double(z >> 11) / Double(1 << 53)) * 2 - 1
    }
}

/// Quantises samples to signed integers of `bits`, as a file of that depth stores them.
func quantised(_ samples: [Float], bits: Int) -> [Float] {
    let scale = Float(1 << (bits - 1))
    return samples.map { min(max(($0 * scale).rounded(), -scale), scale - 1) / scale }
}

/// A sine at `frequency` Hz, `seconds` long, at `rate` Hz, amplitude 0.5.
func sine(frequency: Double, seconds: Double, rate: Int) -> [Float] {
    (0..<Int(seconds * Double(rate))).map { Float(0.5 * sin(2 * Double.pi * frequency * Double($0) / Double(rate))) }
}

/// Frequency of a clean tone from its upward zero crossings, located by linear
/// interpolation between samples; the edges (where a resampler's filter settles) are skipped.
func estimatedFrequency(_ samples: [Float], rate: Int, skip: Int = 2000) -> Double {
    var crossings: [Double] = []
    for i in (skip + 1)..<(samples.count - skip) where samples[i - 1] < 0 && samples[i] >= 0 {
        let a = Double(samples[i - 1])
        let b = Double(samples[i])
        crossings.append(Double(i - 1) + a / (a - b))
    }
    guard let first = crossings.first, let last = crossings.last, crossings.count > 1 else { return 0 }
    return Double(crossings.count - 1) / ((last - first) / Double(rate))
}
