import Foundation
import JukeboxTensor
import JukeboxTestSupport
import Testing

@testable import JukeboxWeights

/// The golden `checkpoint.*` and `pipeline_models/*` files read to exactly what the reference saved.
@Suite struct TorchCheckpointGoldenTests {
    /// The `files` list of `checkpoint.json`.
    static func checkpointCases() throws -> [[String: Any]] {
        try #require(try Golden.json("checkpoint.json")["files"] as? [[String: Any]])
    }

    @Test func checkpointJSONListsFourFiles() throws {
        #expect(try Self.checkpointCases().count == 4)
    }

    @Test(arguments: [0, 1, 2, 3])
    func checkpointMatchesSafeTensorsTwinBitForBit(caseIndex: Int) throws {
        let info = try Self.checkpointCases()[caseIndex]
        let fileName = try #require(info["file"] as? String)
        let twinName = try #require(info["safetensors_with_identical_keys_and_dtypes"] as? String)
        let checkpoint = try TorchCheckpoint(path: Golden.path(fileName))
        let twin = try SafeTensorsReader(path: Golden.path(twinName))

        #expect(checkpoint.format == (fileName.contains(".zip.") ? .zip : .legacy))
        #expect(checkpoint.entries.count == info["tensor_count"] as? Int)
        #expect(Set(checkpoint.names) == Set(twin.names))
        #expect(checkpoint.names.count == twin.names.count)
        var float16Names: [String] = []
        var viewCount = 0
        for entry in checkpoint.entries {
            let tensor = try checkpoint.tensor(entry)
            let expected = try twin.tensor(named: entry.name)
            #expect(tensor.dtype == expected.dtype, "dtype of \(entry.name)")
            #expect(tensor.shape == expected.shape, "shape of \(entry.name)")
            #expect(tensor.bytes == expected.bytes, "bytes of \(entry.name)")
            if tensor.dtype == .float16 { float16Names.append(entry.name) }
            if tensor.bytes.isMapped { viewCount += 1 }
        }
        // Contiguous tensors must come back as views of the mapping, not copies.
        #expect(viewCount == checkpoint.entries.count)
        #expect(float16Names.sorted() == (info["float16_tensors"] as? [String])?.sorted())

        #expect(checkpoint.topLevel.keys.sorted() == info["top_level_keys"] as? [String])
        #expect(checkpoint.step == info["step"] as? Int)
        #expect(checkpoint.root["opt"] == PickleValue.none)
        for group in info["tensors_sharing_storage"] as? [[String]] ?? [] {
            let keys = try group.map { try #require(checkpoint.entry(named: $0)).reference.storage.key }
            #expect(Set(keys).count == 1, "\(group) should share one storage")
        }
    }

    @Test func legacyAndZipFilesDecodeToTheSameObject() throws {
        let legacy = try TorchCheckpoint(path: Golden.path("checkpoint.prior_top_5b.legacy.pth.tar"))
        let zip = try TorchCheckpoint(path: Golden.path("checkpoint.prior_top_5b.zip.pth"))
        #expect(legacy.hyperparameters != nil)
        #expect(legacy.hyperparameters == zip.hyperparameters)
        #expect(legacy.names == zip.names)
        for entry in legacy.entries {
            #expect(try legacy.tensor(entry) == zip.tensor(named: entry.name), "\(entry.name)")
        }
        #expect(legacy.entries.first?.reference.storage.location == "cuda:0")
        #expect(zip.entries.first?.reference.storage.location == "cpu")
    }

    /// The `models` map of `pipeline_models/models.json`.
    static func pipelineModels() throws -> [String: [String: Any]] {
        try #require(try Golden.json("pipeline_models/models.json")["models"] as? [String: [String: Any]])
    }

    @Test(arguments: ["vqvae", "upsampler_level_0", "upsampler_level_1", "prior_5b_lyrics", "prior_1b_lyrics"])
    func pipelineModelParsesAsDescribed(model: String) throws {
        let info = try #require(try Self.pipelineModels()[model])
        let checkpoint = try TorchCheckpoint(path: Golden.path(try #require(info["file"] as? String)))
        #expect(checkpoint.format == .legacy)
        #expect(checkpoint.entries.count == info["tensors"] as? Int)
        #expect(checkpoint.step == info["step"] as? Int)
        #expect(checkpoint.topLevel.keys.sorted() == (info["top_level_keys"] as? [String])?.sorted())
        var float16 = 0
        var parameters = 0
        for entry in checkpoint.entries {
            let tensor = try checkpoint.tensor(entry)
            if tensor.dtype == .float16 {
                float16 += 1
                #expect(entry.name.hasSuffix(".w"), "only Conv1D weights are float16: \(entry.name)")
            }
            parameters += tensor.elementCount
            let values = try tensor.floats()
            #expect(values.allSatisfy { $0.isFinite }, "\(entry.name) holds non-finite values")
        }
        #expect(float16 == info["float16_tensors"] as? Int)
        // Tied x_out weights are stored once but listed twice; `parameters` counts unique parameters.
        #expect(parameters >= (info["parameters"] as? Int ?? .max))
        let hps = try #require(checkpoint.hyperparameters)
        let expected = try #require(info["hps"] as? [String: Any])
        #expect(hps.stringKeyedEntries?.count == expected.count)
        for (key, value) in hps.stringKeyedEntries ?? [] {
            #expect(PickleJSON.matches(value, expected[key] as Any), "hps['\(key)'] = \(value)")
        }
    }

    @Test func continueCodesFileHoldsThePromptCodes() throws {
        let codes = try TorchCheckpoint(
            path: Golden.path("pipeline_continue_5b_lyrics.codes.pth.tar"), stateDict: .none)
        #expect(codes.entries.isEmpty)
        #expect(Set(codes.topLevel.keys) == ["zs", "labels", "sampling_kwargs", "x"])
        let zs = try #require(codes.root["zs"]?.elements)
        #expect(zs.count == 3)
        let golden = try SafeTensorsReader(path: Golden.path("pipeline_continue_5b_lyrics.safetensors"))
        for (level, value) in zs.enumerated() {
            guard case .tensor(let reference) = value else {
                Issue.record("zs[\(level)] is not a tensor")
                continue
            }
            let tensor = try codes.tensor(reference, name: "zs.\(level)")
            #expect(tensor.dtype == .int64)
            let prompt = try golden.tensor(named: "input.codes.level\(level)")
            let (rows, promptLength) = (prompt.shape[0], prompt.shape[1])
            #expect(tensor.shape.count == 2 && tensor.shape[0] == rows && tensor.shape[1] >= promptLength)
            let all = try tensor.int64s()
            let expected = try prompt.int64s()
            for row in 0..<rows {
                let start = row * tensor.shape[1]
                #expect(
                    Array(all[start..<(start + promptLength)])
                        == Array(expected[(row * promptLength)...].prefix(promptLength)))
            }
        }
        // numpy metadata is tolerated as opaque placeholders, never executed.
        let kwargs = try #require(codes.root["sampling_kwargs"]?.elements)
        #expect(!kwargs.isEmpty)
    }

    @Test func upsampleCodesFileHoldsEmptyUpperLevelsAndTopCodes() throws {
        let codes = try TorchCheckpoint(
            path: Golden.path("pipeline_upsample_5b_lyrics.codes.pth.tar"), stateDict: .none)
        let zs = try #require(codes.root["zs"]?.elements)
        #expect(zs.count == 3)
        var shapes: [[Int]] = []
        for (level, value) in zs.enumerated() {
            guard case .tensor(let reference) = value else { throw WeightsError.tensorNotFound(path: "", tensor: "zs") }
            shapes.append(try codes.tensor(reference, name: "zs.\(level)").shape)
        }
        #expect(shapes[0].reduce(1, *) == 0 && shapes[1].reduce(1, *) == 0)
        #expect(shapes[2].reduce(1, *) > 0)
    }
}

/// Compares decoded pickle values with the same values as Python's `json` wrote them.
enum PickleJSON {
    static func matches(_ value: PickleValue, _ json: Any) -> Bool {
        switch value {
        case .none: return json is NSNull
        case .bool(let flag): return (json as? Bool) == flag
        case .int(let number):
            return (json as? NSNumber).map { $0.int64Value == number && $0.doubleValue == Double(number) } ?? false
        case .float(let number): return (json as? NSNumber)?.doubleValue == number
        case .string(let text): return (json as? String) == text
        case .tuple(let items), .list(let items):
            guard let array = json as? [Any], array.count == items.count else { return false }
            return zip(items, array).allSatisfy { matches($0, $1) }
        case .dict:
            guard let object = json as? [String: Any], let entries = value.stringKeyedEntries,
                entries.count == object.count
            else { return false }
            return entries.allSatisfy { entry in object[entry.key].map { matches(entry.value, $0) } ?? false }
        default: return false
        }
    }
}
