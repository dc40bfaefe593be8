extension GenerationRun {
    /// What this job should take: its levels' schedules priced by `costs` (`costs[level]`) at
    /// `rates`, for its takes left (``takesLeft``) in batches as it runs them, with its memory plan's peak.
    /// - Parameter correction: a level's factor and how many finished levels it rests on.
    public func estimate(
        costs: [PriorCost], rates: MachineRates,
        correction: (Int) -> (factor: Double, count: Int) = { _ in (1, 0) }
    ) -> JobEstimate {
        JobEstimate(
            schedules: schedules, costs: costs, takes: takesLeft, maxBatch: Self.maxBatchSize, rates: rates,
            peakMemoryBytes: plan.totalBytes, correction: correction)
    }
}
