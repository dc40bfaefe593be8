import Foundation
import JukeboxEngine
import JukeboxTensor
import Testing

/// Bits per token, unigram entropy and repeated-code runs.
struct PriorScoreTests {
    @Test func crossEntropyOfUniformAndPeakedLogits() {
        let uniform = Tensor([Float](repeating: 0.3, count: 3 * 8), shape: [1, 3, 8])
        #expect(abs(PriorScore.negativeLog2Likelihood(logits: uniform, targets: [0, 5, 7]) - 9) < 1e-9)
        var peaked = [Float](repeating: 0, count: 2 * 4)
        peaked[2] = 40  // position 0 is sure of token 2
        peaked[4 + 1] = 40  // position 1 is sure of token 1
        let sure = Tensor(peaked, shape: [1, 2, 4])
        #expect(PriorScore.negativeLog2Likelihood(logits: sure, targets: [2, 1]) < 1e-12)
        #expect(PriorScore.negativeLog2Likelihood(logits: sure, targets: [3, 1]) > 50)
    }

    @Test func unigramEntropyAndLongestRun() {
        #expect(PriorScore.unigramEntropy([1, 2, 3, 4]) == 2)
        #expect(PriorScore.unigramEntropy([7, 7, 7]) == 0)
        #expect(PriorScore.longestRun([]) == 0)
        #expect(PriorScore.longestRun([1, 2, 3]) == 1)
        #expect(PriorScore.longestRun([4, 4, 1, 9, 9, 9, 2, 9]) == 3)
    }
}
