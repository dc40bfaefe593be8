import Foundation
import JukeboxModel

/// How closely a case follows the reference when the priors' weights are rounded
/// (`jukeboxd verify --weights`): measured figures instead of a pass or fail.
public struct Fidelity: Sendable, Equatable {
    /// Largest |ours − reference| over the compared logits: the teacher-forced logits and every
    /// sampled step up to and including the first step whose token differs (later steps see
    /// other tokens and are not comparable). `nil` when no logits were compared.
    public var logitMaxAbs: Double?
    /// Largest |reference logit| over the same logits, the scale ``logitMaxRelative`` divides by.
    public var logitScale: Double?
    /// Teacher-forced positions whose arg-max equals the reference's, and how many were compared.
    public var argmaxAgreeing: Int = 0
    public var argmaxCompared: Int = 0
    /// Sampled (greedy, top-k 1) tokens equal to the reference's, and how many were sampled;
    /// for a pipeline case only the positions a level sampled (not its primer or given codes).
    public var tokensAgreeing: Int = 0
    public var tokensCompared: Int = 0
    /// Pipeline cases: per sampled level, `(agreeing, compared)` sampled tokens.
    public var levelTokens: [Int: Agreement] = [:]
    /// Pipeline cases: the largest |ours − reference| of the decoded audio over the sampled levels.
    public var audioMaxAbs: Double?

    /// A count of equal items out of those compared.
    public struct Agreement: Sendable, Equatable {
        public var agreeing: Int
        public var compared: Int

        /// `agreeing / compared`, 1 when nothing was compared.
        public var share: Double { compared == 0 ? 1 : Double(agreeing) / Double(compared) }
    }

    public init() {}

    /// ``logitMaxAbs`` over ``logitScale``.
    public var logitMaxRelative: Double? {
        guard let logitMaxAbs, let logitScale, logitScale > 0 else { return nil }
        return logitMaxAbs / logitScale
    }

    /// Teacher-forced arg-max agreement (1 when nothing was compared).
    public var argmaxShare: Double { Agreement(agreeing: argmaxAgreeing, compared: argmaxCompared).share }

    /// Sampled-token agreement (1 when nothing was sampled).
    public var tokenShare: Double { Agreement(agreeing: tokensAgreeing, compared: tokensCompared).share }

    /// Whether every sampled token equals the reference's.
    public var tokensIdentical: Bool { tokensAgreeing == tokensCompared }

    /// Folds `ours` against `reference` (same length, any layout) into the logit figures.
    mutating func compareLogits(_ ours: ArraySlice<Float>, _ reference: ArraySlice<Float>) {
        precondition(ours.count == reference.count, "\(ours.count) logits against \(reference.count)")
        var worst = logitMaxAbs ?? 0
        var scale = logitScale ?? 0
        for (a, b) in zip(ours, reference) {
            let difference = Double(abs(a - b))
            worst = max(worst, difference.isNaN ? .infinity : difference)
            scale = max(scale, Double(abs(b)))
        }
        logitMaxAbs = worst
        logitScale = scale
    }

    /// Compares the arg-max of every row of `vocabulary` logits (first index on ties).
    mutating func compareArgmax(_ ours: [Float], _ reference: [Float], vocabulary: Int) {
        precondition(ours.count == reference.count && vocabulary > 0 && ours.count % vocabulary == 0)
        for start in stride(from: 0, to: ours.count, by: vocabulary) {
            let row = start..<(start + vocabulary)
            argmaxCompared += 1
            if Self.argmax(ours[row]) == Self.argmax(reference[row]) { argmaxAgreeing += 1 }
        }
    }

    /// Compares sampled token rows and the step logits that are comparable: for each row, the
    /// steps up to and including its first differing token.
    /// - Parameters:
    ///   - ours, reference: (batch, steps) sampled tokens.
    ///   - oursLogits, referenceLogits: (batch, steps, vocabulary) step logits.
    /// - Throws: `ModelError.invalidInput` when the shapes differ from the reference's.
    mutating func compareSample(
        _ ours: [[Int]], _ reference: [[Int]], oursLogits: [Float], referenceLogits: [Float], vocabulary: Int
    ) throws {
        let steps = ours.reduce(0) { $0 + $1.count }
        guard ours.count == reference.count, zip(ours, reference).allSatisfy({ $0.count == $1.count }),
            oursLogits.count == steps * vocabulary, referenceLogits.count == oursLogits.count
        else {
            throw ModelError.invalidInput(
                reason: "\(steps) sampled tokens with \(oursLogits.count) step logits against the reference's "
                    + "\(reference.reduce(0) { $0 + $1.count }) with \(referenceLogits.count)")
        }
        for (row, (a, b)) in zip(ours, reference).enumerated() {
            tokensCompared += a.count
            tokensAgreeing += zip(a, b).filter { $0 == $1 }.count
            let comparable = (a.indices.first { a[$0] != b[$0] }.map { $0 + 1 }) ?? a.count
            let start = row * a.count * vocabulary
            let range = start..<(start + comparable * vocabulary)
            compareLogits(oursLogits[range], referenceLogits[range])
        }
    }

    static func argmax(_ row: ArraySlice<Float>) -> Int {
        var best = row.startIndex
        for i in row.indices where row[i] > row[best] { best = i }
        return best - row.startIndex
    }

    /// One line: logit error (absolute and relative to the scale), arg-max and token agreement.
    public var summary: String {
        var parts: [String] = []
        if let logitMaxAbs, let logitScale {
            parts.append(
                "logits max abs \(VerifyResult.format(logitMaxAbs)) = \(Self.percent(logitMaxRelative ?? 0)) of max |logit| \(VerifyResult.format(logitScale))"
            )
        }
        if argmaxCompared > 0 {
            parts.append("argmax \(Self.percent(argmaxShare)) (\(argmaxAgreeing)/\(argmaxCompared))")
        }
        for level in levelTokens.keys.sorted(by: >) {
            let agreement = levelTokens[level]!
            parts.append(
                "level \(level) tokens \(Self.percent(agreement.share)) (\(agreement.agreeing)/\(agreement.compared))")
        }
        if levelTokens.isEmpty && tokensCompared > 0 {
            parts.append("greedy tokens \(Self.percent(tokenShare)) (\(tokensAgreeing)/\(tokensCompared))")
        }
        if let audioMaxAbs { parts.append("audio max abs \(VerifyResult.format(audioMaxAbs))") }
        return parts.joined(separator: ", ")
    }

    static func percent(_ share: Double) -> String {
        share == 1 ? "100%" : String(format: "%.3g%%", share * 100)
    }
}
