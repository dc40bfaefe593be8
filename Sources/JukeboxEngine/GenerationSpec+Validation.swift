import JukeboxTerms

// The one validator of a job's settings. The wire decoder (JukeboxProtocol) and the command
// lines check the same bounds (GenerationLimits) to answer early in their own words; this is
// the check every entry point goes through before anything runs, so no value a user can
// write reaches a precondition of the sampler.

extension GenerationSpec {
    /// Checks every rule a spec must meet for a model of `levelCount` levels: ranges, the
    /// fields each mode takes, top-k with top-p, levels, per-level lists, lengths.
    /// - Throws: ``EngineError/invalidSetting(field:reason:)`` naming the first field at
    ///   fault (with the wire protocol's field names).
    public func validate(levelCount: Int) throws(EngineError) {
        let top = levelCount - 1
        func bad(_ field: String, _ reason: String) -> EngineError { .invalidSetting(field: field, reason: reason) }
        guard GenerationLimits.takes.contains(takes) else {
            throw bad(
                "takes",
                "\(takes) is not in \(GenerationLimits.takes.lowerBound)...\(GenerationLimits.takes.upperBound)")
        }
        try Self.checkPerLevel(
            "temperatures", temperatures, levelCount: levelCount,
            GenerationLimits.minTemperature...GenerationLimits.maxTemperature)
        try Self.checkPerLevel("hop_fractions", hopFractions, levelCount: levelCount, nil)
        guard (0...GenerationLimits.maxTopK).contains(topK) else {
            throw bad("top_k", "\(topK) is not in 0...\(GenerationLimits.maxTopK)")
        }
        if let topP {
            guard topP > 0, topP <= 1 else { throw bad("top_p", "\(topP) is not in (0, 1]") }
            guard topK == 0 else { throw bad("top_p", "cannot be combined with a non-zero top_k (give one of them)") }
        }
        try checkLevels(top: top)
        try checkModeFields()
        try checkLengths()
        guard genres.count <= GenerationLimits.maxGenres else {
            throw bad("genres", "\(genres.count) genres, at most \(GenerationLimits.maxGenres)")
        }
        for (field, text) in [("artist", artist)] + genres.map({ ("genres", $0) })
        where text.utf8.count > GenerationLimits.maxLabelBytes {
            throw bad(field, "longer than \(GenerationLimits.maxLabelBytes) bytes")
        }
        guard lyrics.utf8.count <= GenerationLimits.maxLyricsBytes else {
            throw bad("lyrics", "\(lyrics.utf8.count) bytes, at most \(GenerationLimits.maxLyricsBytes)")
        }
    }

    /// A per-level list: one finite value per level, top first, inside `range` (or (0, 1]).
    private static func checkPerLevel(
        _ field: String, _ list: [Double], levelCount: Int, _ range: ClosedRange<Double>?
    ) throws(EngineError) {
        let order = (0..<levelCount).reversed().map(String.init).joined(separator: ", ")
        guard list.count == levelCount else {
            throw .invalidSetting(
                field: field, reason: "needs \(levelCount) numbers, for levels \(order) (top first); got \(list.count)")
        }
        for value in list {
            let inside = range.map { $0.contains(value) } ?? (value > 0 && value <= 1)
            guard value.isFinite, inside else {
                let bounds = range.map { "[\($0.lowerBound), \($0.upperBound)]" } ?? "(0, 1]"
                throw .invalidSetting(field: field, reason: "\(value) is not in \(bounds)")
            }
        }
    }

    /// `levels` counts down by one from the mode's first level (the top, or below it to upsample).
    private func checkLevels(top: Int) throws(EngineError) {
        let shape = mode == .upsample ? "[\(top - 1), ..., 0]" : "[\(top), ..., 0]"
        guard let first = levels.first, levels.allSatisfy({ (0...top).contains($0) }),
            zip(levels, levels.dropFirst()).allSatisfy({ $0.0 == $0.1 + 1 })
        else {
            throw .invalidSetting(field: "levels", reason: "must count down by one within \(top)...0, such as \(shape)")
        }
        if mode == .upsample {
            guard first < top else {
                throw .invalidSetting(field: "levels", reason: "upsampling renders levels below the top (\(top))")
            }
        } else if first != top {
            throw .invalidSetting(field: "levels", reason: "a \(mode.rawValue) job starts at the top level \(top)")
        }
    }

    /// The fields that only some modes take.
    private func checkModeFields() throws(EngineError) {
        func notFor(_ field: String) -> EngineError {
            .invalidSetting(field: field, reason: "does not apply to mode \"\(mode.rawValue)\"")
        }
        switch mode {
        case .ancestral, .primed:
            if source != nil { throw notFor("job") }
        case .continue, .upsample:
            guard let source else { throw .invalidSetting(field: "job", reason: "a \(mode.rawValue) job needs one") }
            guard GenerationLimits.takes.contains(source.take + 1) else {
                throw .invalidSetting(field: "take", reason: "\(source.take) is not a take index")
            }
        }
        if mode == .ancestral || mode == .upsample, promptSeconds != nil { throw notFor("prompt_seconds") }
        if mode.addsSeconds {
            guard seconds != nil else {
                throw .invalidSetting(field: "seconds", reason: "a \(mode.rawValue) job needs it")
            }
        } else if seconds != nil {
            throw notFor("seconds")
        }
    }

    /// Seconds inside their bounds, the song longer than the offset.
    private func checkLengths() throws(EngineError) {
        let maxSeconds = GenerationLimits.maxSeconds
        func check(_ field: String, _ value: Double?, _ range: ClosedRange<Double>, openBelow: Bool) throws(EngineError)
        {
            guard let value else { return }
            guard value.isFinite, range.contains(value), !(openBelow && value == range.lowerBound) else {
                let low = openBelow ? "(\(range.lowerBound)" : "[\(range.lowerBound)"
                throw .invalidSetting(field: field, reason: "\(value) is not in \(low), \(range.upperBound)]")
            }
        }
        try check("seconds", seconds, GenerationLimits.minNewSeconds...GenerationLimits.maxNewSeconds, openBelow: false)
        try check("prompt_seconds", promptSeconds, 0...maxSeconds, openBelow: true)
        try check("song_seconds", songSeconds, 0...maxSeconds, openBelow: true)
        if let offsetSeconds { try check("offset_seconds", offsetSeconds, 0...maxSeconds, openBelow: false) }
        if let songSeconds, let offsetSeconds, songSeconds <= offsetSeconds {
            throw .invalidSetting(field: "song_seconds", reason: "must be more than offset_seconds (\(offsetSeconds))")
        }
    }
}
