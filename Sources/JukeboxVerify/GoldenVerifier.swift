import Foundation
import JukeboxWeights

/// Runs every case of a folder laid out like the reference's golden test vectors
/// (`<case>.json` beside its tensors) and reports one result per case.
///
/// A case's kind comes from its `case` name (`checkpoint`, `vqvae...`, `prior...`, `text...`,
/// `pipeline...`). A kind this release does not know is reported as SKIP, never PASS.
///
/// With ``priorWeights`` set, the prior and pipeline cases run with the priors' weights
/// written as `jukeboxd convert --dtype` would write them (the VQ-VAE stays as stored) and
/// report measured ``Fidelity`` (REPORT) instead of passing or failing on the float32
/// tolerance; the other cases run as usual.
public struct GoldenVerifier: Sendable {
    /// The folder holding the cases.
    public var directory: String
    /// The priors' weight type to measure, or `nil` to check the cases as stored.
    public var priorWeights: WeightDTypeChoice?
    /// Only the cases of these names (the `case` field), or every case when `nil`.
    public var caseNames: Set<String>?

    public init(directory: String, priorWeights: WeightDTypeChoice? = nil, caseNames: Set<String>? = nil) {
        self.directory = directory
        self.priorWeights = priorWeights
        self.caseNames = caseNames
    }

    /// Runs the cases in name order, reporting each result as soon as it is known.
    /// - Throws: only when the folder cannot be listed.
    public func run(report: (VerifyResult) -> Void = { _ in }) throws -> [VerifyResult] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".json") }.sorted()
        var results: [VerifyResult] = []
        for file in names {
            let path = (directory as NSString).appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: path),
                let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let caseName = json["case"] as? String
            else { continue }  // manifest.json, pipeline_primer.json and other descriptions
            if let caseNames, !caseNames.contains(caseName) { continue }
            for result in runCase(caseName, json: json) {
                report(result)
                results.append(result)
            }
        }
        return results
    }

    /// The kind a case name belongs to.
    static func kind(of caseName: String) -> String {
        for kind in ["checkpoint", "vqvae", "prior", "text", "pipeline"] where caseName.hasPrefix(kind) {
            return kind
        }
        return "unknown"
    }

    private func runCase(_ caseName: String, json: [String: Any]) -> [VerifyResult] {
        let kind = Self.kind(of: caseName)
        switch kind {
        case "checkpoint":
            return CheckpointCase(directory: directory, json: json).run()
        case "vqvae":
            return [VQVAECase(directory: directory, name: caseName, json: json).run()]
        case "prior":
            let prior = PriorCase(directory: directory, name: caseName, json: json)
            return [priorWeights.map { prior.measure(weights: $0) } ?? prior.run()]
        case "text":
            return [TextCase(name: caseName, json: json).run()]
        case "pipeline":
            return [PipelineCase(directory: directory, name: caseName, json: json, priorWeights: priorWeights).run()]
        default:
            return [
                VerifyResult(
                    status: .skip, name: caseName, kind: kind, maxError: nil, tolerance: nil,
                    detail: "unknown kind of case")
            ]
        }
    }
}
