import Foundation
import JukeboxEngine
import JukeboxProtocol
import Testing

@testable import JukeboxDaemon

/// The engine's validator's rules on the wire: each broken once in a submit is an error naming
/// the field (the decoder answers in the protocol's words; the engine's validator behind it holds
/// the same rules, JukeboxEngineTests.ValidationTests), no job folder is made, and the daemon goes
/// on serving. An `EngineError.invalidSetting` that reaches the daemon maps to `invalid_field`
/// with its field.
extension DaemonServerTests {
    /// Each rule broken once: the rule, the field the error must name, the members added to an
    /// otherwise valid ancestral submit of the tiny model.
    static let brokenOnTheWire: [(String, String, String)] = [
        ("no takes", "takes", #""takes":0"#),
        ("too many takes", "takes", #""takes":17"#),
        ("two temperatures", "temperatures", #""temperatures":[1,1]"#),
        ("temperature too small", "temperatures", #""temperatures":[0.0005,1,1]"#),
        ("temperature too large", "temperature", #""temperature":3"#),
        ("two hop fractions", "hop_fractions", #""hop_fractions":[0.5,0.5]"#),
        ("hop fraction over 1", "hop_fractions", #""hop_fractions":[1.5,0.5,0.5]"#),
        ("hop fraction 0", "hop_fractions", #""hop_fractions":[0,0.5,0.5]"#),
        ("negative top-k", "top_k", #""top_k":-1"#),
        ("top-p 0", "top_p", #""top_p":0"#),
        ("top-p over 1", "top_p", #""top_p":1.5"#),
        ("top-k with top-p", "top_p", #""top_k":5,"top_p":0.9"#),
        ("levels not from the top", "levels", #""levels":[1,0]"#),
        ("levels with a gap", "levels", #""levels":[2,0]"#),
        ("a level the model lacks", "levels", #""levels":[3,2,1,0]"#),
        ("no levels", "levels", #""levels":[]"#),
        ("seconds too short", "seconds", #""seconds":0.001"#),
        ("seconds too long", "seconds", #""seconds":5000"#),
        ("prompt of 0 s", "prompt_seconds", #""prompt_seconds":0"#),
        ("negative offset", "offset_seconds", #""offset_seconds":-1"#),
        ("song shorter than the offset", "song_seconds", #""song_seconds":1,"offset_seconds":2"#),
        ("six genres", "genres", #""genres":["a","b","c","d","e","f"]"#),
        ("lyrics too long", "lyrics", "\"lyrics\":\"" + String(repeating: "la ", count: 30_000) + "\""),
        ("artist too long", "artist", "\"artist\":\"" + String(repeating: "a", count: 300) + "\""),
        ("a source take for an ancestral job", "job", #""job":"j000001""#),
        ("a continue job without a source", "job", #""mode":"continue""#),
    ]

    @Test func everyBrokenRuleIsAClearErrorOnTheWire() throws {
        try withServedDaemon { folders, daemon, client in
            for (index, (rule, field, members)) in Self.brokenOnTheWire.enumerated() {
                // Later members win in a JSON object here only by being the sole copy: the base
                // line leaves out what a case sets.
                var base: [String: String] = [
                    "op": #""submit""#, "id": "\(index + 1)", "model": #""tiny""#, "mode": #""ancestral""#,
                    "seconds": "0.1", "takes": "1", "seed": "1", "levels": "[2]",
                ]
                for key in base.keys where members.contains("\"\(key)\":") { base[key] = nil }
                let line = "{" + base.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "," + members + "}"
                guard case .error(let error)? = client.request(line) else {
                    Issue.record("\(rule): accepted")
                    continue
                }
                #expect([.invalidField, .outOfRange, .missingField].contains(error.code), "\(rule): \(error)")
                // The decoder names a list's element (`temperatures[0]`); the element's list is the field.
                #expect(
                    error.field?.hasPrefix(field) == true, "\(rule): field \(error.field ?? "none"), \(error.message)")
            }
            #expect(folders.jobFolders.isEmpty)
            #expect(serves(folders.socket), "the daemon stopped serving")
        }
    }

    @Test func theEnginesValidatorMapsToInvalidFieldWithItsField() {
        let reply = WireErrors.reply(for: EngineError.invalidSetting(field: "top_p", reason: "not with top_k"))
        #expect(reply.code == .invalidField)
        #expect(reply.field == "top_p")
        #expect(reply.message.contains("top_p"))
    }
}
