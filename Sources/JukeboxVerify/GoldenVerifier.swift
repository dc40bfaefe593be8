import Foundation

/// Runs every case of a folder laid out like the reference's golden test vectors
/// (`<case>.json` beside its tensors) and reports one result per case.
///
/// A case's kind comes from its `case` name (`checkpoint`, `vqvae...`, `prior...`, `text...`,
/// `pipeline...`). A kind this release does not know is reported as SKIP, never PASS.
public struct GoldenVerifier: Sendable {
    /// The folder holding the cases.
    public var directory: String

    public init(directory: String) {
        self.directory = directory
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
            return [PriorCase(directory: directory, name: caseName, json: json).run()]
        case "text":
            return [TextCase(name: caseName, json: json).run()]
        case "pipeline":
            return [PipelineCase(directory: directory, name: caseName, json: json).run()]
        default:
            return [
                VerifyResult(
                    status: .skip, name: caseName, kind: kind, maxError: nil, tolerance: nil,
                    detail: "unknown kind of case")
            ]
        }
    }
}
