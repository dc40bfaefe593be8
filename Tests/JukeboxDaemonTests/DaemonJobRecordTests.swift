import Foundation
import JukeboxProtocol
import Testing

@testable import JukeboxDaemon

/// `job.json`: typed, checked on reading, format 1 still read.
@Suite struct DaemonJobRecordTests {
    /// A valid format-2 record of a failed job, as JSON text.
    static let failed = """
        {"format_version":2,"id":"jabc","owner":1000,"state":"failed","model":"tiny","created_unix_s":1,
        "sequence":3,"levels_done":[{"level":2,"duration_s":1.5}],"error_code":"numeric_error",
        "error_message":"NaN","starts_without_progress":0}
        """

    static func decode(_ text: String) throws -> DaemonJobRecord {
        try JSONDecoder().decode(DaemonJobRecord.self, from: Data(text.utf8))
    }

    @Test func aRecordReadsTypedAndWritesBackTheSame() throws {
        let record = try Self.decode(Self.failed)
        #expect(record.id.rawValue == "jabc")
        #expect(record.state == .failed)
        #expect(record.failure == .init(code: .numericError, message: "NaN"))
        #expect(record.levelsDone == [.init(level: 2, durationS: 1.5)])
        let encoded = try JSONEncoder().encode(record)
        #expect(try JSONDecoder().decode(DaemonJobRecord.self, from: encoded) == record)
        let text = String(decoding: encoded, as: UTF8.self)
        #expect(text.contains("\"error_code\":\"numeric_error\"") && text.contains("\"format_version\":2"))
        #expect(!text.contains("\"spec\"") && !text.contains("\"takes\"") && !text.contains("\"mode\""))
    }

    @Test(arguments: [
        ("\"state\":\"failed\"", "\"state\":\"paused\"", "state \"paused\" is not a job state"),
        ("\"id\":\"jabc\"", "\"id\":\"not an id!\"", "id \"not an id!\" is not a job id"),
        ("\"numeric_error\"", "\"gremlins\"", "error_code \"gremlins\" is not an error code"),
        ("\"format_version\":2", "\"format_version\":3", "format_version 3 is not one this jukeboxd reads"),
        ("\"format_version\":2", "\"format_version\":0", "format_version 0 is not one this jukeboxd reads"),
        ("\"state\":\"failed\"", "\"state\":\"done\"", "a done job with an error"),
        ("\"error_message\":\"NaN\",", "", "error_code and error_message come together"),
        ("\"sequence\":3", "\"sequence\":-3", "is negative"),
    ])
    func aRecordThatDoesNotHoldTogetherIsRefused(field: String, replacement: String, reason: String) throws {
        let text = Self.failed.replacingOccurrences(of: field, with: replacement)
        #expect(text != Self.failed)
        do {
            _ = try Self.decode(text)
            Issue.record("\(replacement) was read")
        } catch let invalid as DaemonJobRecord.Invalid {
            #expect(invalid.description.contains(reason), "\(invalid)")
        }
    }

    @Test func aFailedJobWithoutItsErrorIsRefused() throws {
        let text = Self.failed.replacingOccurrences(of: "\"error_code\":\"numeric_error\",", with: "")
            .replacingOccurrences(of: "\"error_message\":\"NaN\",", with: "")
        #expect(!text.contains("error"))
        #expect(throws: DaemonJobRecord.Invalid.self) { try Self.decode(text) }
    }

    @Test func aRecordWithoutItsStateIsRefused() {
        let text = Self.failed.replacingOccurrences(of: "\"state\":\"failed\",", with: "")
        #expect(throws: DecodingError.self) { try Self.decode(text) }
    }

    @Test func aFormatOneRecordIsReadWithoutItsSpec() throws {
        let old = """
            {"format_version":1,"id":"jold","owner":0,"state":"done","model":"tiny","mode":"ancestral","takes":2,
            "created_unix_s":1,"sequence":0,"duration_s":0.5,"levels_done":[],"spec":{"mode":"ancestral"}}
            """
        let record = try Self.decode(old)
        #expect(record.formatVersion == 1)
        #expect(record.state == .done && record.durationS == 0.5 && record.startsWithoutProgress == 0)
        let rewritten = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        #expect(rewritten.contains("\"format_version\":2") && !rewritten.contains("spec"))
    }
}
