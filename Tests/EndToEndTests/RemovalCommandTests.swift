import Foundation
import Testing

/// `jukebox rm`, `prune`, `labels --exact` and the numbers of `jobs --json`, `models --json` and
/// `status`, as a user runs them against `jukeboxd serve`.
struct RemovalCommandTests {
    /// The job id of the `accepted` line in `--json` output.
    static func acceptedJob(_ output: String) -> String? {
        output.split(separator: "\n").compactMap { line -> String? in
            guard line.contains("\"type\":\"accepted\""),
                let range = line.range(of: #""job":"([A-Za-z0-9_-]+)""#, options: .regularExpression)
            else { return nil }
            return String(line[range].dropFirst(7).dropLast())
        }.first
    }

    @Test func rmAndPruneFreeTheStateFolderAndScriptsGetTheNumbers() throws {
        let daemon = try DaemonUnderTest()
        var jobs: [String] = []
        for seed in ["1", "2"] {
            let made = try daemon.client([
                "generate", "--model", "tiny", "--seconds", "0.1", "--takes", "1", "--levels", "2", "--seed", seed,
                "-o", daemon.folder + "/take-\(seed).wav", "--json",
            ])
            #expect(made.status == 0, "\(made.stderr)\n\(daemon.log)")
            #expect(made.stdout.contains("\"level_compute\":[{\"level\":2,\"compute_s\":"))
            jobs.append(try #require(Self.acceptedJob(made.stdout)))
        }
        let listed = try daemon.client(["jobs", "--json"])
        #expect(listed.stdout.contains("\"started_unix_s\":") && listed.stdout.contains("\"compute_s\":"))
        let models = try daemon.client(["models", "--json"])
        #expect(models.stdout.contains("{\"level\":2,\"hop_samples\":128,\"tokens_per_s\":344.53125}"))
        #expect(try daemon.client(["labels", "tiny", "--artist", "demo", "--exact"]).stdout == "")
        #expect(
            try daemon.client(["labels", "tiny", "--artist", "Demo Band", "--exact"]).stdout == "artist demo_band\n")
        #expect(try daemon.client(["status"]).stdout.contains("state folder: "))

        let removed = try daemon.client(["rm", jobs[0]])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout.hasPrefix("removed \(jobs[0])\nfreed "))
        let again = try daemon.client(["rm", jobs[0]])
        #expect(again.status == 66 && again.stderr.contains("(not_found)"))
        let young = try daemon.client(["prune", "--older-than", "1"])
        #expect(young.status == 0 && young.stdout.hasPrefix("freed 0 B"))
        let all = try daemon.client(["prune", "--older-than", "0"])
        #expect(all.status == 0 && all.stdout.hasPrefix("removed \(jobs[1])\n"))
        let stateJobs = try FileManager.default.contentsOfDirectory(atPath: daemon.folder + "/state/jobs")
        #expect(stateJobs.filter { !$0.hasPrefix(".") }.isEmpty)
        #expect(try daemon.client(["prune", "--older-than", "-1"]).status == 64)
    }
}
