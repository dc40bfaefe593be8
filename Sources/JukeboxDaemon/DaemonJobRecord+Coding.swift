import Foundation
import JukeboxProtocol

/// `job.json`'s layout: snake_case keys, words for the state and the error code. Reading
/// checks every field and throws ``Invalid`` (never falls back to a default) for a record
/// this daemon cannot trust: an unknown layout version, an id that is not a job id, an
/// unknown state or error code, or a failure on a job that did not fail (or none on one that
/// did).
extension DaemonJobRecord: Codable {
    /// Why a `job.json` was refused; the text names the field and the value.
    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    enum CodingKeys: String, CodingKey {
        case id, owner, state, model, sequence
        case formatVersion = "format_version"
        case createdUnixS = "created_unix_s"
        case finishedUnixS = "finished_unix_s"
        case startedUnixS = "started_unix_s"
        case durationS = "duration_s"
        case levelsDone = "levels_done"
        case errorCode = "error_code"
        case errorMessage = "error_message"
        case startsWithoutProgress = "starts_without_progress"
        case droppedTakes = "dropped_takes"
    }

    /// Reads and checks a record of format ``oldestFormat`` through ``currentFormat`` (format 1's
    /// `mode`, `takes` and `spec` are left unread: `generation.json` holds them).
    /// - Throws: ``Invalid``, or `DecodingError` for a missing field or a wrong JSON type.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try container.decode(Int.self, forKey: .formatVersion)
        guard (Self.oldestFormat...Self.currentFormat).contains(formatVersion) else {
            throw Invalid(
                description: "format_version \(formatVersion) is not one this jukeboxd reads "
                    + "(\(Self.oldestFormat) to \(Self.currentFormat)); was it written by a newer version?")
        }
        let idText = try container.decode(String.self, forKey: .id)
        guard let id = JobID(idText) else {
            throw Invalid(description: "id \"\(idText.prefix(80))\" is not a job id")
        }
        self.id = id
        let stateWord = try container.decode(String.self, forKey: .state)
        guard let state = JobState(rawValue: stateWord) else {
            throw Invalid(description: "state \"\(stateWord.prefix(80))\" is not a job state")
        }
        self.state = state
        owner = try container.decode(UInt32.self, forKey: .owner)
        model = try container.decode(String.self, forKey: .model)
        createdUnixS = try container.decode(Int64.self, forKey: .createdUnixS)
        sequence = try container.decode(Int.self, forKey: .sequence)
        finishedUnixS = try container.decodeIfPresent(Int64.self, forKey: .finishedUnixS)
        startedUnixS = try container.decodeIfPresent(Int64.self, forKey: .startedUnixS)
        durationS = try container.decodeIfPresent(Double.self, forKey: .durationS)
        levelsDone = try container.decodeIfPresent([LevelDone].self, forKey: .levelsDone) ?? []
        startsWithoutProgress = try container.decodeIfPresent(Int.self, forKey: .startsWithoutProgress) ?? 0
        droppedTakes = try container.decodeIfPresent([Int].self, forKey: .droppedTakes) ?? []
        guard droppedTakes.allSatisfy({ $0 >= 0 }), Set(droppedTakes).count == droppedTakes.count else {
            throw Invalid(description: "dropped_takes \(droppedTakes.prefix(20)) holds a negative or repeated take")
        }
        guard sequence >= 0, startsWithoutProgress >= 0 else {
            throw Invalid(
                description: "sequence \(sequence) or starts_without_progress \(startsWithoutProgress) is negative")
        }
        let codeWord = try container.decodeIfPresent(String.self, forKey: .errorCode)
        let message = try container.decodeIfPresent(String.self, forKey: .errorMessage)
        switch (codeWord, message) {
        case (nil, nil):
            failure = nil
        case (let codeWord?, let message?):
            guard let code = ErrorCode(rawValue: codeWord) else {
                throw Invalid(description: "error_code \"\(codeWord.prefix(80))\" is not an error code")
            }
            failure = Failure(code: code, message: message)
        default:
            throw Invalid(description: "error_code and error_message come together or not at all")
        }
        guard (state == .failed) == (failure != nil) else {
            throw Invalid(description: "a \(state.rawValue) job with\(failure == nil ? "out" : "") an error")
        }
    }

    /// Writes the record in the current layout.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.currentFormat, forKey: .formatVersion)
        try container.encode(id.rawValue, forKey: .id)
        try container.encode(owner, forKey: .owner)
        try container.encode(state.rawValue, forKey: .state)
        try container.encode(model, forKey: .model)
        try container.encode(createdUnixS, forKey: .createdUnixS)
        try container.encode(sequence, forKey: .sequence)
        try container.encodeIfPresent(finishedUnixS, forKey: .finishedUnixS)
        try container.encodeIfPresent(startedUnixS, forKey: .startedUnixS)
        try container.encodeIfPresent(durationS, forKey: .durationS)
        try container.encode(levelsDone, forKey: .levelsDone)
        try container.encodeIfPresent(failure?.code.rawValue, forKey: .errorCode)
        try container.encodeIfPresent(failure?.message, forKey: .errorMessage)
        try container.encode(startsWithoutProgress, forKey: .startsWithoutProgress)
        if !droppedTakes.isEmpty { try container.encode(droppedTakes, forKey: .droppedTakes) }
    }
}
