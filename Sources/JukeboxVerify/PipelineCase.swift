import Foundation
import JukeboxEngine
import JukeboxModel
import JukeboxTensor
import JukeboxTerms
import JukeboxText
import JukeboxWeights

/// A `pipeline` case: the case's model files (official on-disk format) are converted to a
/// bundle the way a user would, the engine's one driver (``Pipeline/sample(_:state:hooks:)``,
/// the path of every daemon job) runs the recorded job (mode, length, labels from names and
/// lyrics, per-level settings, the reference's partial-window lengths), and the tokens of
/// every level and take must be
/// identical to the reference's, the window starts of every sampled level equal, and the
/// decoded audio of each sampled level within tolerance.
///
/// With ``priorWeights`` the priors are converted with that `--dtype` (the VQ-VAE kept as
/// stored) and the case reports the share of sampled tokens equal to the reference's per level
/// and the audio's largest difference (REPORT) instead of requiring identical tokens.
struct PipelineCase {
    static let tolerance = 1e-4

    var directory: String
    var name: String
    var json: [String: Any]
    var priorWeights: WeightDTypeChoice? = nil

    func run() -> VerifyResult {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("jukebox-verify-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: work) }
        do {
            let settings = json["settings"] as? [String: Any] ?? [:]
            guard let mode = settings["mode"] as? String, let bundleName = settings["bundle"] as? String,
                let sampleLength = settings["sample_length"] as? Int
            else { return result(.fail, nil, "the case lacks settings.mode, bundle or sample_length") }
            let pipeline = try Pipeline(bundle: try convertModels(bundleName, into: work))

            let takes = try (json["metas"] as? [[String: Any]] ?? []).map { meta in
                try pipeline.label(
                    artist: meta["artist"] as? String ?? "", genre: meta["genre"] as? String ?? "",
                    lyrics: meta["lyrics"] as? String ?? "", totalLength: meta["total_length"] as? Int ?? 0,
                    offset: meta["offset"] as? Int ?? 0, unknown: .useUnknownID)
            }
            let labels = (0..<pipeline.levels).map { level in takes.map { $0[level] } }
            let levelSettings = try (0..<pipeline.levels).map { level in try self.levelSettings(settings, level) }
            let tensors = try SafeTensorsReader(path: path("\(name).safetensors"))
            guard let generationMode = GenerationMode(rawValue: mode) else {
                return result(.fail, nil, "unknown mode \(mode)")
            }
            let sampled = (settings["sampled_levels"] as? [Int] ?? []).sorted(by: >)
            let plan = SamplingPlan(
                sampleLength: sampleLength, levels: sampled, labels: labels, settings: levelSettings,
                lengths: .reference)
            var state = SamplingState(
                codes: try startingCodes(
                    generationMode, settings, tensors, pipeline, takes: plan.takes, levels: sampled),
                generator: SeededGenerator(seed: 0))
            let initial = state.codes.map { $0.map(\.count) }  // (level, take): tokens given, not sampled
            var starts: [Int: [Int]] = [:]
            var audio: [Int: Tensor] = [:]
            try pipeline.sample(
                plan, state: &state,
                hooks: SamplingHooks(
                    windowDone: { report, _ in starts[report.level, default: []].append(report.window.start) },
                    levelDone: { level, state in
                        audio[level] = try pipeline.vqvae.decode(state.codes[level], level: level)
                    }))
            var worst = 0.0
            var fidelity = Fidelity()
            for level in 0..<pipeline.levels {
                let reference = try tensors.intRows("tokens.level\(level)")
                if priorWeights != nil {
                    if sampled.contains(level) {
                        let agreement = Self.agreement(state.codes[level], reference, from: initial[level])
                        fidelity.levelTokens[level] = agreement
                        fidelity.tokensAgreeing += agreement.agreeing
                        fidelity.tokensCompared += agreement.compared
                    }
                } else if state.codes[level] != reference {
                    return result(.fail, nil, "level \(level) tokens differ from the reference")
                }
            }
            let schedule = json["schedule"] as? [String: [String: Any]] ?? [:]
            for level in settings["sampled_levels"] as? [Int] ?? [] {
                let expected = (schedule["level\(level)"]?["windows"] as? [[String: Any]] ?? []).compactMap {
                    $0["start"] as? Int
                }
                if starts[level] ?? [] != expected {
                    return result(
                        .fail, nil, "level \(level) windows start at \(starts[level] ?? []), expected \(expected)")
                }
                guard let audio = audio[level] else { return result(.fail, nil, "level \(level) not decoded") }
                let reference = try tensors.tensor(named: "audio.level\(level)").floats()
                let ours = audio.floats()
                guard ours.count == reference.count || priorWeights != nil else {
                    return result(
                        .fail, nil, "level \(level) audio has \(ours.count) samples, expected \(reference.count)")
                }
                for i in 0..<min(ours.count, reference.count) {
                    worst = max(worst, Double(abs(ours[i] - reference[i])).nanToInfinity)
                }
            }
            if let priorWeights {
                fidelity.audioMaxAbs = worst
                return VerifyResult(
                    status: .report, name: name, kind: "pipeline", maxError: nil, tolerance: nil,
                    detail: "\(mode), \(priorWeights.rawValue) prior weights: \(fidelity.summary)", fidelity: fidelity)
            }
            if worst > Self.tolerance { return result(.fail, worst, "decoded audio differs beyond tolerance") }
            return result(.pass, worst, "\(mode): tokens identical at every level, windows as the reference's")
        } catch {
            return result(.fail, nil, "\(error)")
        }
    }

    /// Converts the case's model files with the hyper-parameter presets of its models
    /// description, as `jukeboxd convert --hparams` does.
    private func convertModels(_ bundle: String, into work: String) throws -> ModelBundle {
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let files = json["models"] as? [String: String] ?? [:]
        let modelsJSON = json["models_json"] as? String ?? "pipeline_models/models.json"
        let description =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: path(modelsJSON)))) as? [String: Any]
        let models = description?["models"] as? [String: [String: Any]] ?? [:]
        let names = [
            "vqvae": "vqvae", "prior_level_0": "upsampler_level_0", "prior_level_1": "upsampler_level_1",
            "prior_level_2": "prior_\(bundle)",
        ]
        let hparams = names.mapValues { models[$0]?["preset"] ?? [:] }
        let hparamsPath = work + "/hparams.json"
        try JSONSerialization.data(withJSONObject: hparams).write(to: URL(fileURLWithPath: hparamsPath))
        let inputs = try files.map { role, file in
            guard let parsed = ConversionInput.Role(role) else {
                throw BundleError.unrecognisedInput(path: file, reason: "unknown role \(role)")
            }
            return ConversionInput(path: path(file), role: parsed)
        }
        var converter = BundleConverter(
            inputs: inputs, hyperparameters: .file(hparamsPath),
            labelsDirectory: path(json["ids_dir"] as? String ?? "pipeline_models/ids"), dtype: priorWeights,
            name: bundle)
        converter.trained = false
        if priorWeights != nil { converter.vqvaeDType = .keep }
        try converter.convert(to: work + "/bundle")
        return try ModelBundle(path: work + "/bundle")
    }

    /// Tokens of `ours` equal to `reference`'s at the positions each take sampled (from
    /// `given[take]` on); a missing or extra position counts as differing.
    static func agreement(_ ours: [[Int]], _ reference: [[Int]], from given: [Int]) -> Fidelity.Agreement {
        var result = Fidelity.Agreement(agreeing: 0, compared: 0)
        for take in 0..<max(ours.count, reference.count) {
            let a = take < ours.count ? ours[take] : []
            let b = take < reference.count ? reference[take] : []
            let start = take < given.count ? given[take] : 0
            for position in start..<max(a.count, b.count, start) {
                result.compared += 1
                if position < a.count && position < b.count && a[position] == b[position] { result.agreeing += 1 }
            }
        }
        return result
    }

    /// The tokens the recorded job starts from, by mode.
    private func startingCodes(
        _ mode: GenerationMode, _ settings: [String: Any], _ tensors: SafeTensorsReader, _ pipeline: Pipeline,
        takes: Int, levels: [Int]
    ) throws -> [[[Int]]] {
        switch mode {
        case .ancestral:
            return try pipeline.startingCodes(mode: mode, takes: takes, levels: levels)
        case .primed:
            let x = try tensors.tensor(named: "input.x")  // (takes, time, 1)
            return try pipeline.startingCodes(
                mode: mode, takes: takes, primer: Tensor(try x.floats(), shape: [x.shape[0], 1, x.shape[1]]),
                levels: levels)
        case .continue, .upsample:
            var saved = try SavedCodes.read(path: path(settings["codes_file"] as? String ?? ""))
            if mode == .continue {
                let primer = settings["primer"] as? [String: Any]
                let duration = (primer?["duration_samples"] ?? settings["duration_samples"]) as? Int ?? 0
                saved = try SavedCodes.cut(saved, toDuration: duration, hopLengths: pipeline.vqvae.hopLengths)
            }
            return try pipeline.startingCodes(mode: mode, takes: takes, source: saved, levels: levels)
        }
    }

    private func levelSettings(_ settings: [String: Any], _ level: Int) throws -> LevelSettings {
        func number(_ key: String) -> Double { ((settings[key] as? [Any])?[level] as? NSNumber)?.doubleValue ?? 0 }
        return LevelSettings(
            temperature: Float(number("temp")), topK: Int(number("top_k")), topP: Float(number("top_p")),
            chunkSize: Int(number("chunk_size")), maxBatchSize: Int(number("max_batch_size")),
            hopFraction: number("hop_fraction"))
    }

    private func path(_ file: String) -> String { (directory as NSString).appendingPathComponent(file) }

    private func result(_ status: VerifyResult.Status, _ maxError: Double?, _ detail: String) -> VerifyResult {
        VerifyResult(
            status: status, name: name, kind: "pipeline", maxError: maxError, tolerance: Self.tolerance, detail: detail)
    }
}
