import Foundation
import JukeboxEngine
import Testing

/// The running average of measured over floor seconds, per model and level.
struct EstimateCorrectionsTests {
    @Test func theFirstRatioReplacesTheDefaultAndLaterOnesAverageInLogSpace() {
        var table = EstimateCorrections()
        #expect(table.factor(model: "m", level: 2) == (1, 0))
        table.record(model: "m", level: 2, measured: 40, floor: 10)
        #expect(table.factor(model: "m", level: 2) == (4, 1))
        // The second weighs a half: the geometric mean of 4 and 1.
        table.record(model: "m", level: 2, measured: 10, floor: 10)
        #expect(abs(table.factor(model: "m", level: 2).factor - 2) < 1e-12)
        #expect(table.factor(model: "m", level: 2).count == 2)
        #expect(table.factor(model: "m", level: 1) == (1, 0) && table.factor(model: "other", level: 2) == (1, 0))
    }

    @Test func laterRatiosWeighAtLeastTheFloorWeight() {
        var table = EstimateCorrections()
        for _ in 0..<20 { table.record(model: "m", level: 0, measured: 2, floor: 1) }
        table.record(model: "m", level: 0, measured: 8, floor: 1)
        let expected = exp((1 - EstimateCorrections.weight) * log(2) + EstimateCorrections.weight * log(8))
        #expect(abs(table.factor(model: "m", level: 0).factor - expected) < 1e-9)
    }

    @Test func nonsenseTimesAreIgnored() {
        var table = EstimateCorrections()
        table.record(model: "m", level: 0, measured: 0, floor: 1)
        table.record(model: "m", level: 0, measured: .nan, floor: 1)
        table.record(model: "m", level: 0, measured: 5, floor: 0)
        #expect(table.factor(model: "m", level: 0) == (1, 0))
    }

    @Test func theTableRoundTripsThroughJSON() throws {
        var table = EstimateCorrections()
        table.record(model: "classical", level: 1, measured: 30, floor: 12)
        let decoded = try JSONDecoder().decode(EstimateCorrections.self, from: JSONEncoder().encode(table))
        #expect(decoded == table)
    }
}
