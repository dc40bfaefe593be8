import Foundation
import Glibc
import JukeboxProtocol
import Testing

/// Helpers of the removal, prune and disk-space tests.
enum Removal {
    /// Submits a short watched job (0.1 s of level 2, or `levels`) and reads its stream to the end.
    static func finish(_ client: TestClient, id: Int, levels: String = "[2]") -> (JobID?, [ReplyBody]) {
        client.send(submitLine(id: id, seconds: 0.1, levels: levels, extra: ",\"watch\":true"))
        let bodies = client.stream(.integer(Int64(id)), timeout: 300)
        return (acceptedJob(bodies.first), bodies)
    }

    /// The jobs `client` sees.
    static func jobs(_ client: TestClient, id: Int = 900) -> [JobSummary] {
        guard case .jobs(let jobs)? = client.request("{\"op\":\"jobs\",\"id\":\(id)}") else { return [] }
        return jobs
    }

    /// The `removed` reply of a request line, or nil for anything else.
    static func removed(_ body: ReplyBody?) -> RemovedResult? {
        guard case .removed(let removed)? = body else { return nil }
        return removed
    }

    /// Moves job `job`'s end (`finished_unix_s`) `days` days into the past in its `job.json`
    /// (the daemon must be stopped: it reads records at start).
    static func age(_ job: JobID, in folders: DaemonFolders, days: Double) throws {
        let path = folders.state + "/jobs/\(job)/job.json"
        var record = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        record["finished_unix_s"] = Int(Date().timeIntervalSince1970 - days * 86_400)
        try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]).write(to: URL(fileURLWithPath: path))
    }

    /// Sends `lines` to `socket` as user nobody (uid 65534) through socat; the replies by id.
    static func asNobody(_ lines: [String], socket: String) throws -> [RequestID: ReplyBody] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = [
            "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/socat", "-t", "10", "-",
            "UNIX-CONNECT:" + socket,
        ]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var replies: [RequestID: ReplyBody] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let reply = try? Reply(line: Array(line.utf8), parser: ProtocolLimits.parser()), let id = reply.id
            else { continue }
            replies[id] = reply.body
        }
        return replies
    }
}
