import Foundation

/// The outcome of one golden case.
public struct VerifyResult: Sendable, Equatable, CustomStringConvertible {
    /// PASS, FAIL or SKIP; REPORT for a case measured with rounded prior weights
    /// (`verify --weights`), whose figures are in ``fidelity``.
    public enum Status: String, Sendable {
        case pass = "PASS"
        case fail = "FAIL"
        case skip = "SKIP"
        case report = "REPORT"
    }

    public var status: Status
    /// The case's name (a file or the `case` field of its JSON).
    public var name: String
    /// The kind of case: checkpoint, vqvae, prior, text or pipeline.
    public var kind: String
    /// The largest absolute difference found (0 for exact comparisons), if anything was compared.
    public var maxError: Double?
    /// The tolerance the largest difference is held to (0 = exact).
    public var tolerance: Double?
    /// What was compared, or why the case failed or was skipped.
    public var detail: String
    /// The measured figures of a REPORT.
    public var fidelity: Fidelity?

    public init(
        status: Status, name: String, kind: String, maxError: Double?, tolerance: Double?, detail: String,
        fidelity: Fidelity? = nil
    ) {
        self.status = status
        self.name = name
        self.kind = kind
        self.maxError = maxError
        self.tolerance = tolerance
        self.detail = detail
        self.fidelity = fidelity
    }

    /// One line: `STATUS name (kind) max error E tolerance T: detail`.
    public var description: String {
        var line = "\(status.rawValue) \(name) (\(kind))"
        if let maxError { line += " max error \(Self.format(maxError))" }
        if let tolerance { line += " tolerance \(Self.format(tolerance))" }
        return line + ": " + detail
    }

    static func format(_ value: Double) -> String {
        value == 0 ? "0" : String(format: "%.3g", value)
    }
}
