import Foundation
import JukeboxDaemon
import JukeboxProtocol
import JukeboxTestSupport
import Testing

/// Loading the state folder: records are checked, the bad ones quarantined, format 1 rewritten.
extension DaemonServerTests {
    @Test func invalidRecordsAreQuarantinedAndFormatOneRecordsAreRewritten() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            let good = try #require(try finishedJob(in: folders))
            let jobs = folders.state + "/jobs"
            let record = try String(contentsOfFile: "\(jobs)/\(good)/job.json", encoding: .utf8)
            #expect(record.contains("\"format_version\" : 2") && !record.contains("\"spec\""))
            /// A copy of the good job named `name` (without `generation.json` unless `spec`), its record
            /// changed by `change`.
            func copy(as name: String, spec: Bool = true, _ change: (String) -> String) throws {
                try FileManager.default.copyItem(atPath: "\(jobs)/\(good)", toPath: "\(jobs)/\(name)")
                if !spec { try FileManager.default.removeItem(atPath: "\(jobs)/\(name)/generation.json") }
                let renamed = record.replacingOccurrences(of: "\"id\" : \"\(good)\"", with: "\"id\" : \"\(name)\"")
                try write(change(renamed), to: "\(jobs)/\(name)/job.json")
            }
            try copy(as: "jbadstate") {
                $0.replacingOccurrences(of: "\"state\" : \"done\"", with: "\"state\" : \"paused\"")
            }
            try copy(as: "jbadid") { $0.replacingOccurrences(of: "\"id\" : \"jbadid\"", with: "\"id\" : \"..\\/etc\"") }
            try copy(as: "jbadcode") {
                $0.replacingOccurrences(
                    of: "\"state\" : \"done\"",
                    with: "\"state\" : \"failed\", \"error_code\" : \"gremlins\", \"error_message\" : \"?\"")
            }
            try copy(as: "jnospec", spec: false) { $0 }
            try copy(as: "jold") {
                $0.replacingOccurrences(
                    of: "\"format_version\" : 2",
                    with: "\"format_version\" : 1, \"mode\" : \"ancestral\", \"takes\" : 1, \"spec\" : {\"seed\" : 1}")
            }

            try withDaemon(folders) { daemon, client in
                guard case .jobs(let listed)? = client.request(#"{"op":"jobs","id":1}"#) else {
                    Issue.record("jobs did not answer")
                    return
                }
                #expect(Set(listed.map(\.job.rawValue)) == [good.rawValue, "jold"])
                let old = listed.first { $0.job.rawValue == "jold" }
                #expect(old?.state == .done && old?.takes == 1 && old?.mode == .ancestral)
                guard case .tokens? = client.request(#"{"op":"fetch","id":2,"job":"jold","level":2,"tokens":true}"#)
                else {
                    Issue.record("the rewritten job's tokens cannot be fetched")
                    return
                }
                let rewritten = try String(contentsOfFile: "\(jobs)/jold/job.json", encoding: .utf8)
                #expect(rewritten.contains("\"format_version\" : 2") && !rewritten.contains("\"spec\""))
                #expect(try FileManager.default.contentsOfDirectory(atPath: folders.state + "/quarantine").count == 4)
                let lines = daemon.logLines.all
                let invalid = "its job.json is not a valid record"
                for expected in [
                    "job entry \"jbadstate\": \(invalid): state \"paused\" is not a job state",
                    "job entry \"jbadid\": \(invalid): id \"../etc\" is not a job id",
                    "job entry \"jbadcode\": \(invalid): error_code \"gremlins\" is not an error code",
                    "job entry \"jnospec\": its generation.json cannot be read",
                    "job jold: job.json rewritten from format 1 to 2",
                ] {
                    #expect(lines.contains { $0.hasPrefix(expected) }, "no log line \(expected): \(lines)")
                }
                #expect(serves(folders.socket), "the daemon stopped serving")
            }
        }
    }
}
