import Testing

@testable import JukeboxVerify

/// The arithmetic of a fidelity report on hand-made numbers.
struct FidelityTests {
    @Test func logitsAndArgmax() {
        var fidelity = Fidelity()
        // Two rows of a 3-token vocabulary: the second row's arg-max moves from 0 to 2.
        let reference: [Float] = [1, 4, -2, 3, 0, 2.9]
        let ours: [Float] = [1.5, 4, -2, 3, 0, 3.1]
        fidelity.compareLogits(ours[...], reference[...])
        fidelity.compareArgmax(ours, reference, vocabulary: 3)
        #expect(abs((fidelity.logitMaxAbs ?? 0) - 0.5) < 1e-6)
        #expect(fidelity.logitScale == 4)
        #expect(abs((fidelity.logitMaxRelative ?? 0) - 0.125) < 1e-6)
        #expect(fidelity.argmaxAgreeing == 1 && fidelity.argmaxCompared == 2)
        #expect(fidelity.argmaxShare == 0.5)
    }

    /// Step logits count up to and including the first differing token of each row; later
    /// steps saw other tokens and are left out however far they are.
    @Test func sampleStepsAfterTheFirstDifferenceAreNotCompared() throws {
        var fidelity = Fidelity()
        let reference = [[0, 1, 1], [1, 1, 0]]
        let ours = [[0, 0, 1], [1, 1, 0]]
        // (2 rows, 3 steps, vocabulary 2); row 0 differs at step 1, so its step 2 is left out.
        let referenceLogits: [Float] = [2, 1, 1, 2, 1, 2] + [1, 2, 1, 2, 2, 1]
        let oursLogits: [Float] = [2, 1, 2.25, 2, 100, 2] + [1, 2, 1, 2.125, 2, 1]
        try fidelity.compareSample(
            ours, reference, oursLogits: oursLogits, referenceLogits: referenceLogits, vocabulary: 2)
        #expect(fidelity.tokensAgreeing == 5 && fidelity.tokensCompared == 6)
        #expect(!fidelity.tokensIdentical)
        #expect(fidelity.logitMaxAbs == 1.25)
        #expect(fidelity.logitScale == 2)
        #expect(throws: (any Error).self) {
            try fidelity.compareSample(ours, reference, oursLogits: [], referenceLogits: [], vocabulary: 2)
        }
    }

    @Test func pipelineAgreementCountsOnlySampledPositions() {
        let agreement = PipelineCase.agreement([[5, 5, 1, 2], [5, 3]], [[5, 5, 1, 9], [5, 3, 4]], from: [2, 1])
        // take 0: positions 2, 3 (one equal); take 1: positions 1, 2 (one equal, one missing)
        #expect(agreement.agreeing == 2 && agreement.compared == 4)
        #expect(agreement.share == 0.5)
    }
}
