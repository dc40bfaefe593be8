import Foundation

/// Per model and level, how far finished jobs ran from their ``JobEstimate`` floors: a factor
/// (measured seconds / floor seconds) and how many finished levels it rests on.
///
/// Each new ratio moves the factor by a running average in log space, the first replacing the
/// default 1 outright and later ones weighing at least ``weight``, so that the factor follows a
/// machine that changes (another load, a new OpenBLAS) without jumping on one odd job.
public struct EstimateCorrections: Sendable, Equatable, Codable {
    /// One model level's correction.
    public struct Factor: Sendable, Equatable, Codable {
        /// Measured over floor seconds.
        public var factor: Double
        /// Finished levels it rests on.
        public var count: Int
    }

    /// The least weight of a new ratio in the running average.
    public static let weight = 0.3
    /// The range a ratio is clamped to (a level timed across a suspend, a clock step).
    public static let ratioRange = 1e-3...1e6

    /// Factors by model name, then level (as text: a JSON object's keys).
    public var models: [String: [String: Factor]]

    /// No corrections: every factor 1.
    public init(models: [String: [String: Factor]] = [:]) {
        self.models = models
    }

    /// `model`'s factor at `level` and how many finished levels it rests on ((1, 0) when none).
    public func factor(model: String, level: Int) -> (factor: Double, count: Int) {
        guard let entry = models[model]?[String(level)] else { return (1, 0) }
        return (entry.factor, entry.count)
    }

    /// Folds in a finished level: `measured` seconds against `floor` seconds.
    public mutating func record(model: String, level: Int, measured: Double, floor: Double) {
        guard measured > 0, floor > 0, measured.isFinite, floor.isFinite else { return }
        let ratio = min(max(measured / floor, Self.ratioRange.lowerBound), Self.ratioRange.upperBound)
        let old = factor(model: model, level: level)
        let weight = max(Self.weight, 1 / Double(old.count + 1))
        let factor = exp((1 - weight) * log(old.factor) + weight * log(ratio))
        models[model, default: [:]][String(level)] = Factor(factor: factor, count: old.count + 1)
    }
}
