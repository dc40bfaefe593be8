import JukeboxJSON

// Reading and writing the members of a submit request.

extension SubmitRequest {
    /// Reads the request's own members, then checks how they fit the mode.
    init(from reader: inout FieldReader) throws(MessageError) {
        typealias R = FieldReader
        let seconds = R.double(from: 0, openBelow: true, to: GenerationLimits.maxSeconds)
        let temperature = R.double(
            from: GenerationLimits.minTemperature, openBelow: false, to: GenerationLimits.maxTemperature)
        model = try reader.required("model", R.nonEmptyString)
        mode = try reader.required("mode", R.word(GenerationMode.self))
        primer = try Self.readPrimer(&reader)
        source = try Self.readSource(&reader)
        artist = try reader.optional("artist", R.label(maxBytes: GenerationLimits.maxLabelBytes))
        genres = try reader.optional("genres", R.array(R.label(maxBytes: GenerationLimits.maxLabelBytes))) ?? []
        lyrics = try reader.optional("lyrics", R.string) ?? ""
        promptSeconds = try reader.optional("prompt_seconds", seconds)
        self.seconds = try reader.optional(
            "seconds",
            R.double(from: GenerationLimits.minNewSeconds, openBelow: false, to: GenerationLimits.maxNewSeconds))
        songSeconds = try reader.optional("song_seconds", seconds)
        offsetSeconds = try reader.optional(
            "offset_seconds", R.double(from: 0, openBelow: false, to: GenerationLimits.maxSeconds))
        takes = try reader.optional("takes", R.int(in: GenerationLimits.takes)) ?? GenerationDefaults.takes
        seed = try reader.optional("seed", R.int(in: 0...Int.max)).map { Int64($0) }
        let perLevel = try reader.optional("temperatures", Self.threeLevels(temperature))
        let single = try reader.optional("temperature", temperature)
        topK = try reader.optional("top_k", R.int(in: 0...GenerationLimits.maxTopK)) ?? 0
        topP = try reader.optional("top_p", R.double(from: 0, openBelow: true, to: 1))
        levels = try reader.optional("levels", R.array(R.int)) ?? GenerationDefaults.levels(for: mode)
        hopFractions =
            try reader.optional("hop_fractions", Self.threeLevels(R.double(from: 0, openBelow: true, to: 1)))
            ?? GenerationDefaults.hopFractions
        format = try reader.optional("format", R.word(AudioFormat.self)) ?? .wav
        watch = try reader.optional("watch", R.bool) ?? false

        if perLevel != nil, single != nil {
            throw .invalidValue(
                field: "temperature", reason: "give either \"temperature\" or \"temperatures\", not both")
        }
        temperatures = perLevel ?? single.map { [$0, $0, $0] } ?? GenerationDefaults.temperatures
        try checkConsistency()
    }

    /// A list of exactly three numbers, one per level, each converted by `element`.
    private static func threeLevels(_ element: @escaping FieldReader.Convert<Double>) -> FieldReader.Convert<[Double]> {
        { (value, field) throws(MessageError) in
            let list = try FieldReader.array(element)(value, field)
            guard list.count == 3 else {
                throw .invalidValue(field: field, reason: "needs 3 numbers, for levels 2, 1 and 0; got \(list.count)")
            }
            return list
        }
    }

    /// Reads `primer_base64` or `primer_path`.
    private static func readPrimer(_ reader: inout FieldReader) throws(MessageError) -> PrimerSource? {
        let base64 = try reader.optional("primer_base64", FieldReader.nonEmptyString)
        let path = try reader.optional("primer_path", FieldReader.nonEmptyString)
        switch (base64, path) {
        case (nil, nil):
            return nil
        case (let text?, nil):
            guard let bytes = Base64.decode(text) else {
                throw .invalidValue(field: "primer_base64", reason: "not valid padded base64 (RFC 4648)")
            }
            return .bytes(bytes)
        case (nil, let path?):
            guard path.hasPrefix("/") else {
                throw .invalidValue(field: "primer_path", reason: "must be an absolute path")
            }
            return .path(path)
        case (_?, _?):
            throw .invalidValue(
                field: "primer_path", reason: "give either \"primer_base64\" or \"primer_path\", not both")
        }
    }

    /// Reads `job` and `take`.
    private static func readSource(_ reader: inout FieldReader) throws(MessageError) -> TakeReference? {
        let job = try reader.optional("job", JobID.read)
        let take = try reader.optional("take", FieldReader.int(in: FetchRequest.takeRange))
        guard let job else {
            if take != nil { throw .missingField("job") }
            return nil
        }
        return TakeReference(job: job, take: take ?? 0)
    }

    /// Checks the rules that tie fields together, naming the first field at fault.
    private func checkConsistency() throws(MessageError) {
        func notFor(_ field: String) -> MessageError {
            .invalidValue(field: field, reason: "does not apply to mode \"\(mode.rawValue)\"")
        }
        switch mode {
        case .ancestral:
            if primer != nil { throw notFor(primerField) }
            if source != nil { throw notFor("job") }
            if promptSeconds != nil { throw notFor("prompt_seconds") }
        case .primed:
            if primer == nil { throw .missingField("primer_base64") }
            if source != nil { throw notFor("job") }
        case .continue, .upsample:
            if primer != nil { throw notFor(primerField) }
            if source == nil { throw .missingField("job") }
            if mode == .upsample, promptSeconds != nil { throw notFor("prompt_seconds") }
        }
        if mode == .upsample {
            if seconds != nil { throw notFor("seconds") }
        } else if seconds == nil {
            throw .missingField("seconds")
        }
        if genres.count > GenerationLimits.maxGenres {
            throw .outOfRange(field: "genres", range: "\(genres.count) genres, at most \(GenerationLimits.maxGenres)")
        }
        if lyrics.utf8.count > GenerationLimits.maxLyricsBytes {
            throw .outOfRange(
                field: "lyrics", range: "\(lyrics.utf8.count) bytes, at most \(GenerationLimits.maxLyricsBytes)")
        }
        if let songSeconds, let offsetSeconds, songSeconds <= offsetSeconds {
            throw .outOfRange(field: "song_seconds", range: "must be more than offset_seconds (\(offsetSeconds))")
        }
        if topK > 0, topP != nil {
            throw .invalidValue(field: "top_p", reason: "cannot be combined with a non-zero \"top_k\"")
        }
        try checkLevels()
    }

    /// The name of the primer field the request used.
    private var primerField: String {
        if case .path = primer { return "primer_path" }
        return "primer_base64"
    }

    /// Checks that ``levels`` counts down by one from the mode's first level.
    private func checkLevels() throws(MessageError) {
        let first = mode == .upsample ? "1 or 0" : "2"
        let shape =
            "must count down by one from \(first) to the last level wanted, such as "
            + (mode == .upsample ? "[1,0]" : "[2,1,0]")
        guard let top = levels.first else { throw .invalidValue(field: "levels", reason: shape) }
        for (i, level) in levels.enumerated() where !(0...2).contains(level) {
            throw .outOfRange(field: "levels[\(i)]", range: "\(level) is not in 0...2")
        }
        let topOK = mode == .upsample ? top < 2 : top == 2
        guard topOK, levels.elementsEqual(stride(from: top, through: top - levels.count + 1, by: -1)) else {
            throw .invalidValue(field: "levels", reason: shape)
        }
    }

    /// Writes the request's own members into `object`; optional members only when set.
    func encode(into object: inout JSONObject) {
        object["model"] = .string(model)
        object["mode"] = .string(mode.rawValue)
        switch primer {
        case .bytes(let bytes)?: object["primer_base64"] = .string(Base64.encode(bytes))
        case .path(let path)?: object["primer_path"] = .string(path)
        case nil: break
        }
        if let source {
            object["job"] = .string(source.job.rawValue)
            object["take"] = JSONValue(source.take)
        }
        if let artist { object["artist"] = .string(artist) }
        object["genres"] = .array(genres.map { .string($0) })
        object["lyrics"] = .string(lyrics)
        if let promptSeconds { object["prompt_seconds"] = .number(promptSeconds) }
        if let seconds { object["seconds"] = .number(seconds) }
        if let songSeconds { object["song_seconds"] = .number(songSeconds) }
        if let offsetSeconds { object["offset_seconds"] = .number(offsetSeconds) }
        object["takes"] = JSONValue(takes)
        if let seed { object["seed"] = .integer(seed) }
        object["temperatures"] = .array(temperatures.map { .number($0) })
        object["top_k"] = JSONValue(topK)
        if let topP { object["top_p"] = .number(topP) }
        object["levels"] = .array(levels.map { JSONValue($0) })
        object["hop_fractions"] = .array(hopFractions.map { .number($0) })
        object["format"] = .string(format.rawValue)
        object["watch"] = .bool(watch)
    }
}
