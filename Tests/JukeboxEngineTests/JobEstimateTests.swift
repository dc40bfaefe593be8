import Foundation
import JukeboxEngine
import Testing

/// Pricing a job from its level schedules: token counts, floors, batches and corrections.
struct JobEstimateTests {
    let rates = MachineRates(sgemmGFLOPS: 1, readGBps: 1, kernel: "test")
    /// 1 s a step at batch 1 (its bytes), 0.5 s per re-fed position and take.
    let cost = PriorCost(bytesPerStep: 1e9, macsPerToken: 0.25e9)

    @Test func aScheduleCountsTheWindowsItRuns() throws {
        // As WindowScheduleTests: windows of 96 every 48 over 212 tokens with 100 present.
        let plan = try WindowSchedule(totalTokens: 212, contextLength: 96, hopLength: 48, existingTokens: 100)
        // The skipped window costs nothing.
        #expect(JobEstimate.tokens(plan) == (new: 44 + 48 + 20, refed: 52 + 48 + 76))
        let fresh = try WindowSchedule(totalTokens: 212, contextLength: 96, hopLength: 48, existingTokens: 0)
        #expect(JobEstimate.tokens(fresh) == (new: 212, refed: 48 + 48 + 76))
    }

    @Test func theFloorIsStepsPlusRefedPositionsPerBatch() throws {
        let plan = try WindowSchedule(totalTokens: 212, contextLength: 96, hopLength: 48, existingTokens: 0)
        let one = JobEstimate(
            schedules: [(2, plan)], costs: [cost, cost, cost], takes: 1, maxBatch: 16, rates: rates,
            peakMemoryBytes: 77)
        #expect(one.levels.map(\.floorSeconds) == [298.0])  // 212 steps of 1 s, 172 positions of 0.5 s
        #expect(one.seconds == 298 && one.peakMemoryBytes == 77)
        // Three takes together: 1.5 s a step, 1.5 s a re-fed position.
        let three = JobEstimate(
            schedules: [(2, plan)], costs: [cost, cost, cost], takes: 3, maxBatch: 16, rates: rates, peakMemoryBytes: 0)
        #expect(three.seconds == 576.0)  // 212 x 1.5 + 172 x 1.5
        // Five takes two at a time: batches of 2, 2 and 1.
        let five = JobEstimate(
            schedules: [(2, plan)], costs: [cost, cost, cost], takes: 5, maxBatch: 2, rates: rates, peakMemoryBytes: 0)
        #expect(five.seconds == 1066.0)  // 2 x (212 x 1 + 172 x 1) + 298
    }

    @Test func aCorrectionScalesItsLevelOnly() throws {
        let plan = try WindowSchedule(totalTokens: 100, contextLength: 96, hopLength: 48, existingTokens: 0)
        let estimate = JobEstimate(
            schedules: [(2, plan), (1, plan)], costs: [cost, cost, cost], takes: 1, maxBatch: 16, rates: rates,
            peakMemoryBytes: 0, correction: { level in level == 1 ? (3, 2) : (1, 0) })
        #expect(estimate.levels.map(\.level) == [2, 1])
        #expect(estimate.levels[1].seconds == 3 * estimate.levels[1].floorSeconds)
        #expect(estimate.levels[1].corrections == 2 && estimate.levels[0].corrections == 0)
        #expect(estimate.seconds == 4 * estimate.levels[0].floorSeconds)
    }

    @Test func aRunsEstimateGrowsWithSecondsAndTakes() throws {
        let tiny = try TinyPipeline.load()
        func estimate(seconds: Double, takes: Int) throws -> JobEstimate {
            let run = try GenerationRun(
                spec: GenerationSpec(mode: .ancestral, seconds: seconds, takes: takes, seed: 1),
                folder: TinyPipeline.folder("estimate-never-written"), pipeline: tiny.pipeline,
                bundleIdentity: tiny.identity)
            return run.estimate(costs: [cost, cost, cost], rates: rates)
        }
        let short = try estimate(seconds: 0.2, takes: 1)
        #expect(short.levels.map(\.level) == [2, 1, 0])
        #expect(short.levels.allSatisfy { $0.seconds > 0 && $0.newTokens > 0 })
        let longer = try estimate(seconds: 0.6, takes: 1)
        let wider = try estimate(seconds: 0.2, takes: 3)
        #expect(longer.seconds > short.seconds && wider.seconds > short.seconds)
        #expect(
            longer.levels.map(\.newTokens) == zip(longer.levels, short.levels).map { max($0.newTokens, $1.newTokens) })
        #expect(wider.peakMemoryBytes > short.peakMemoryBytes)
        #expect(!FileManager.default.fileExists(atPath: TinyPipeline.folder("estimate-never-written")))
    }
}
