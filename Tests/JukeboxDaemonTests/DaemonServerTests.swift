import Foundation
import Glibc
import JukeboxDaemon
import JukeboxProtocol
import JukeboxTestSupport
import Testing

/// The daemon served in this process on a temporary socket, driven over the socket.
/// Serialized: each test starts its own daemon, and jobs compete for the CPU.
@Suite(.serialized) struct DaemonServerTests {
    @Test func greetsFirstAndSurvivesBadLines() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            let daemon = try TestDaemon(folders.configuration())
            defer { daemon.stop() }
            let client = try TestClient(folders.socket)
            let hello = try #require(client.hello())
            #expect(hello.protocolVersion == 1)
            #expect(hello.operations == Operation.allCases)
            #expect(hello.limits.maxLineBytes == 1 << 20)
            #expect(hello.limits.queueLimit == 4)

            client.send("{\"op\":\"status\",\"id\":1,")
            let truncated = try #require(client.reply())
            #expect(truncated.id == nil)
            #expect(errorCode(truncated.body) == .badJSON)
            client.send("this is not json")
            #expect(errorCode(client.reply()?.body) == .badJSON)
            #expect(errorCode(client.request("{\"op\":\"dance\",\"id\":2}")) == .unknownOp)
            let unknownField = client.request("{\"op\":\"jobs\",\"id\":3,\"all\":true}")
            guard case .error(let error)? = unknownField else {
                Issue.record("expected an error, got \(String(describing: unknownField))")
                return
            }
            #expect(error.code == .unknownField)
            #expect(error.field == "all")
            client.send("[1,2]")
            #expect(errorCode(client.reply()?.body) == .badRequest)
            client.send(String(repeating: "x", count: (1 << 20) + 10))
            let tooLong = try #require(client.reply())
            #expect(tooLong.id == nil)
            #expect(errorCode(tooLong.body) == .lineTooLong)
            client.send(String(repeating: "[", count: 40) + String(repeating: "]", count: 40))
            #expect(errorCode(client.reply()?.body) == .tooDeep)
            guard case .status(let status)? = client.request("{\"op\":\"status\",\"id\":\"still here\"}") else {
                Issue.record("the connection did not survive bad lines")
                return
            }
            #expect(status.jobsQueued == 0)
            #expect(status.memoryBudgetBytes == 16 << 30)
            #expect(status.memoryUsedBytes > 0)  // the process's resident memory, measured
            #expect(folders.jobFolders.isEmpty)
        }
    }

    @Test func listsModelsAndSearchesLabels() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            try FileManager.default.createDirectory(
                atPath: folders.models + "/not-a-bundle", withIntermediateDirectories: true)
            let daemon = try TestDaemon(folders.configuration())
            defer { daemon.stop() }
            let client = try TestClient(folders.socket)
            _ = client.hello()
            guard case .models(let models)? = client.request("{\"op\":\"models\",\"id\":1}") else {
                Issue.record("no models reply")
                return
            }
            #expect(models.map(\.name) == ["tiny"])
            #expect(models[0].loaded == false)
            #expect(models[0].labelVersion == 2)
            #expect((models[0].sizeBytes ?? 0) > 100_000)
            #expect(models[0].levels == 3)

            guard
                case .labels(let labels)? = client.request(
                    "{\"op\":\"labels\",\"id\":2,\"model\":\"tiny\",\"artist\":\"test singers\"}")
            else {
                Issue.record("no labels reply")
                return
            }
            #expect(labels.artists.map(\.name) == ["the_test_singers"])
            #expect(labels.genres.isEmpty)
            guard case .labels(let all)? = client.request("{\"op\":\"labels\",\"id\":3,\"model\":\"tiny\",\"limit\":2}")
            else {
                Issue.record("no labels reply")
                return
            }
            #expect(all.artists.count == 2)
            #expect(all.genres.count == 2)
            #expect(errorCode(client.request("{\"op\":\"labels\",\"id\":4,\"model\":\"huge\"}")) == .unknownModel)
            #expect(
                errorCode(client.request("{\"op\":\"labels\",\"id\":5,\"model\":\"../models/tiny\"}")) == .unknownModel)
        }
    }

    @Test func refusedSubmitsChangeNothing() throws {
        try withTemporaryDirectory { root in
            let folders = try DaemonFolders(root: root)
            var configuration = folders.configuration()
            configuration.memoryBudgetBytes = 256 << 20
            let daemon = try TestDaemon(configuration)
            defer { daemon.stop() }
            let client = try TestClient(folders.socket)
            _ = client.hello()
            let cases: [(String, ErrorCode)] = [
                ("{\"op\":\"submit\",\"id\":1,\"model\":\"nope\",\"mode\":\"ancestral\",\"seconds\":1}", .unknownModel),
                (submitLine(id: 2, extra: ",\"artist\":\"nobody at all\""), .unknownArtist),
                (submitLine(id: 3, extra: ",\"genres\":[\"polka\"]"), .unknownGenre),
                (submitLine(id: 4, takes: 0), .outOfRange),
                (
                    "{\"op\":\"submit\",\"id\":5,\"model\":\"tiny\",\"mode\":\"primed\",\"seconds\":1,"
                        + "\"primer_base64\":\"bm90IGF1ZGlv\"}", .badAudio
                ),
                (
                    "{\"op\":\"submit\",\"id\":6,\"model\":\"tiny\",\"mode\":\"primed\",\"seconds\":1,"
                        + "\"primer_path\":\"/nonexistent/verse.wav\"}", .badAudio
                ),
                (
                    "{\"op\":\"submit\",\"id\":7,\"model\":\"tiny\",\"mode\":\"continue\",\"seconds\":1,"
                        + "\"job\":\"jdoesnotexist\"}", .notFound
                ),
                (submitLine(id: 8, seconds: 600, takes: 16, levels: "[2,1,0]"), .outOfRange),
            ]
            for (line, code) in cases {
                let reply = client.request(line)
                #expect(errorCode(reply) == code, "\(line) -> \(String(describing: reply))")
            }
            #expect(folders.jobFolders.isEmpty)
            guard case .jobs(let jobs)? = client.request("{\"op\":\"jobs\",\"id\":9}") else {
                Issue.record("no jobs reply")
                return
            }
            #expect(jobs.isEmpty)
        }
    }
}
