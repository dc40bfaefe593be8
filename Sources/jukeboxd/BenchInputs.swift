import JukeboxWeights

/// The made-up conditioning the prior benchmarks feed a prior with random weights.
enum BenchInputs {
    /// Label vectors of `batch` rows: a 3-minute song from the start, artist 1, genre 1, lyric tokens.
    static func labels(_ hp: PriorHyperparameters, batch: Int) -> [[Int]] {
        let window = hp.nCtx * [8, 32, 128][hp.level]
        return (0..<batch).map { row in
            [180 * 44_100, 0, window, 1] + [1] + Array(repeating: -1, count: hp.maxBowGenreSize - 1)
                + (0..<hp.nTokens).map { ($0 * 7 + row) % hp.nVocab }
        }
    }

    /// Codes of the level above for an upsampler (`nil` for a top prior).
    static func upperCodes(_ hp: PriorHyperparameters, batch: Int) -> [[Int]]? {
        guard hp.hasUpperLevel else { return nil }
        return (0..<batch).map { row in (0..<(hp.nCtx / 4)).map { ($0 * 31 + row) % 2048 } }
    }
}
