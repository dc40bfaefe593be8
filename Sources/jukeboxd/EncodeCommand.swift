import ArgumentParser
import Foundation
import JukeboxModel
import JukeboxTensor
import JukeboxWeights

/// `jukeboxd encode`: the VQ-VAE codes of a recording, for scripts and model evaluation.
struct EncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Write the VQ-VAE codes of an audio file at one or more levels, as JSON.",
        discussion: """
            The input is prepared as a job prepares its primer (mono, the model rate, cut to whole \
            top-level tokens). The JSON object holds the bundle's name, the sample rate, the number \
            of samples encoded and, per level, the hop length in samples and the codes in time order.
            """)

    @Option(help: "The model bundle folder.")
    var bundle: String

    @Option(help: "Levels to encode, comma-separated (default: all).")
    var levels: String?

    @Option(help: "Encode only the first SECONDS of the input.")
    var seconds: Double?

    @Option(name: .shortAndLong, help: "Where to write the JSON (default: standard output).")
    var output: String?

    @Option(help: "Compute threads (default: all cores).")
    var threads: Int?

    @Argument(help: "The audio to encode: any format libsndfile reads.")
    var input: String

    /// What `encode` writes.
    struct Codes: Encodable {
        struct Level: Encodable {
            var level: Int
            var hopLength: Int
            var codes: [Int]
            enum CodingKeys: String, CodingKey {
                case level
                case hopLength = "hop_length"
                case codes
            }
        }
        var bundle: String
        var sampleRate: Int
        var samples: Int
        var levels: [Level]
        enum CodingKeys: String, CodingKey {
            case bundle
            case sampleRate = "sample_rate"
            case samples, levels
        }
    }

    func validate() throws {
        if let seconds, !(seconds > 0) { throw ValidationError("--seconds must be positive") }
    }

    func run() throws {
        ComputeThreads.configure(threads: threads ?? ComputeThreads.onlineProcessorCount)
        try reportingErrors {
            let opened = try ModelBundle(path: bundle)
            let hp = opened.config.vqvae
            let wanted = try Self.parseLevels(levels, count: hp.levels)
            let model = try VQVAE(hp, weights: WeightStore(opened.vqvae))
            let samples = try ModelAudio.load(input, for: hp, seconds: seconds)
            let codes = try model.encode(
                Tensor(samples, shape: [1, 1, samples.count]), levels: wanted, chunkSamples: 5 * hp.sr)
            let result = Codes(
                bundle: opened.config.name, sampleRate: hp.sr, samples: samples.count,
                levels: zip(wanted, codes).map { .init(level: $0, hopLength: hp.hopLengths[$0], codes: $1[0]) })
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            var data = try encoder.encode(result)
            data.append(0x0A)
            if let output {
                guard FileManager.default.createFile(atPath: output, contents: data) else {
                    throw ValidationError("cannot write \(output)")
                }
            } else {
                FileHandle.standardOutput.write(data)
            }
        }
    }

    /// "0,2" -> [0, 2]; nil -> every level.
    static func parseLevels(_ text: String?, count: Int) throws -> [Int] {
        guard let text else { return Array(0..<count) }
        let values = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil && (0..<count).contains($0!) }) else {
            throw ValidationError("--levels takes levels in 0...\(count - 1), comma-separated")
        }
        let levels = values.map { $0! }
        guard Set(levels).count == levels.count else { throw ValidationError("--levels repeats a level") }
        return levels
    }
}
