import JukeboxJSON

/// What a job should take on the daemon's machine: the `estimate` member of the `estimate`
/// reply and of the `accepted` event.
///
/// Each level's time is its floor (the weights every sampling step reads at the measured read
/// bandwidth, or its multiply-adds at the measured matrix rate, whichever is longer, plus the
/// multiply-adds of the re-fed window prefixes) times a factor the daemon learns from the
/// model's finished jobs; ``basis`` says whether any did.
public struct WorkEstimate: Equatable, Sendable, WireObject {
    /// One level's share.
    public struct Level: Equatable, Sendable, WireObject {
        /// The level (2 = top).
        public var level: Int
        /// The estimate, in seconds.
        public var timeS: Double
        /// The floor on this machine, in seconds (the estimate before correction).
        public var floorS: Double
        /// Tokens sampled per take.
        public var newTokens: Int
        /// Existing tokens fed again as window prefixes, per take.
        public var refedTokens: Int
        /// Finished levels of this model the correction rests on (0: the time is the floor).
        public var corrections: Int

        /// A level's share; the arguments match the properties.
        public init(level: Int, timeS: Double, floorS: Double, newTokens: Int, refedTokens: Int, corrections: Int) {
            self.level = level
            self.timeS = timeS
            self.floorS = floorS
            self.newTokens = newTokens
            self.refedTokens = refedTokens
            self.corrections = corrections
        }

        init(from reader: inout FieldReader) throws(MessageError) {
            level = try reader.required("level", FieldReader.int)
            timeS = try reader.required("time_s", FieldReader.double)
            floorS = try reader.required("floor_s", FieldReader.double)
            newTokens = try reader.required("new_tokens", FieldReader.int)
            refedTokens = try reader.required("refed_tokens", FieldReader.int)
            corrections = try reader.required("corrections", FieldReader.int)
        }

        func encode(into object: inout JSONObject) {
            object["level"] = JSONValue(level)
            object["time_s"] = .number(timeS)
            object["floor_s"] = .number(floorS)
            object["new_tokens"] = JSONValue(newTokens)
            object["refed_tokens"] = JSONValue(refedTokens)
            object["corrections"] = JSONValue(corrections)
        }
    }

    /// Where the times come from.
    public enum Basis: String, Sendable, CaseIterable {
        /// No finished job corrected them: the floors, a lower bound.
        case floors
        /// Every level's factor rests on finished jobs of the model.
        case corrected
        /// Some levels' factors do.
        case mixed
    }

    /// The levels in the order they run (top first).
    public var levels: [Level]
    /// The whole job, in seconds.
    public var timeS: Double
    /// The estimated peak memory, in bytes: the memory plan `submit` checks against the budget.
    public var peakMemoryBytes: Int64
    /// Where the times come from.
    public var basis: Basis
    /// The machine's measured matrix-product rate, GFLOP/s.
    public var sgemmGFLOPS: Double
    /// The machine's measured streaming read bandwidth, GB/s.
    public var readGBps: Double

    /// An estimate; the arguments match the properties.
    public init(
        levels: [Level], timeS: Double, peakMemoryBytes: Int64, basis: Basis, sgemmGFLOPS: Double, readGBps: Double
    ) {
        self.levels = levels
        self.timeS = timeS
        self.peakMemoryBytes = peakMemoryBytes
        self.basis = basis
        self.sgemmGFLOPS = sgemmGFLOPS
        self.readGBps = readGBps
    }

    init(from reader: inout FieldReader) throws(MessageError) {
        levels = try reader.required("levels", FieldReader.array(Level.nested))
        timeS = try reader.required("time_s", FieldReader.double)
        peakMemoryBytes = Int64(try reader.required("peak_memory_bytes", FieldReader.int))
        basis = try reader.required("basis", FieldReader.word(Basis.self))
        sgemmGFLOPS = try reader.required("sgemm_gflops", FieldReader.double)
        readGBps = try reader.required("read_gbps", FieldReader.double)
    }

    func encode(into object: inout JSONObject) {
        object["levels"] = .array(levels.map(\.wireJSON))
        object["time_s"] = .number(timeS)
        object["peak_memory_bytes"] = .integer(peakMemoryBytes)
        object["basis"] = .string(basis.rawValue)
        object["sgemm_gflops"] = .number(sgemmGFLOPS)
        object["read_gbps"] = .number(readGBps)
    }
}
