// Port of jukebox/prior/conditioners.py (RangeEmbedding.forward asserts, LabelConditioner) and
// jukebox/data/labels.py (get_relevant_lyric_tokens assert) @ 08efbbc

extension Labeller {
    /// Checks the timing values of a label vector the way the reference's asserts would.
    ///
    /// Every prior: `total_length > 0` and `0 <= offset < total_length`. A top prior (the
    /// only level with a timing embedding) also needs, compared in float32 as
    /// `RangeEmbedding` does: `min_duration * sr <= total_length < max_duration * sr`,
    /// `offset < max_duration * sr`, `offset + sample_length <= max_duration * sr`
    /// (the absolute end is not clamped) and `offset / total_length < 1`.
    /// - Throws: ``TextError/invalidLabel(field:reason:)``.
    func checkTiming(totalLength: Int, offset: Int) throws(TextError) {
        guard totalLength > 0 else {
            throw TextError.invalidLabel(field: "total_length", reason: "\(totalLength) must be positive (raw samples)")
        }
        guard offset >= 0 && offset < totalLength else {
            throw TextError.invalidLabel(
                field: "offset",
                reason: "\(offset) is outside [0, total_length \(totalLength)); windows start inside the song")
        }
        guard !prior.hasUpperLevel, let minDuration = prior.minDuration, let maxDuration = prior.maxDuration else {
            return
        }
        let sr = Double(prior.sr)
        let low = Float(minDuration * sr)
        let high = Float(maxDuration * sr)
        let total = Float(totalLength)
        guard low <= total && total < high else {
            throw TextError.invalidLabel(
                field: "total_length",
                reason: "\(totalLength) samples (\(seconds(totalLength)) s) is outside the top prior's range "
                    + "[\(minDuration), \(maxDuration)) s at \(prior.sr) Hz; give the length in samples, "
                    + "at least \(minDuration) s and under \(maxDuration) s")
        }
        let start = Float(offset)
        guard start < high else {
            throw TextError.invalidLabel(
                field: "offset", reason: "\(offset) is not below max_duration \(maxDuration) s")
        }
        guard Float(offset + sampleLength) <= high else {
            throw TextError.invalidLabel(
                field: "offset",
                reason: "the window [\(offset), \(offset + sampleLength)) ends after max_duration \(maxDuration) s")
        }
        guard start / total < 1 else {
            throw TextError.invalidLabel(
                field: "offset", reason: "\(offset) rounds to total_length \(totalLength) in float32; start earlier")
        }
    }

    private func seconds(_ samples: Int) -> String {
        String(Double(samples) / Double(prior.sr))
    }
}
