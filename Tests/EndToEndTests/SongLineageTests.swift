import Foundation
import JukeboxAudio
import Testing

/// The songwriter's loop through the real daemon and client: songs as trees of jobs
/// (`extend --from`, `jobs --tree`) that keep the song's timing, every take's provenance in
/// its file and beside it (`info`, `jukeboxd audio-info`), and `continue --like` repeating a take.
struct SongLineageTests {
    /// The job id of the `accepted` line of a `--json` run.
    func acceptedJob(_ result: ProcessResult) throws -> String {
        try #require(
            result.stdout.split(separator: "\n").compactMap { line -> String? in
                guard line.contains("\"type\":\"accepted\""),
                    let range = line.range(of: #""job":"([A-Za-z0-9_-]+)""#, options: .regularExpression)
                else { return nil }
                return String(line[range].dropFirst(7).dropLast())
            }.first)
    }

    /// The provenance `jukebox info --json` prints for `file`, as a JSON object.
    func info(_ daemon: DaemonUnderTest, _ file: String) throws -> [String: Any] {
        let result = try daemon.client(["info", "--json", file])
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
    }

    @Test func threeGenerationsFormATreeAndKeepTheSongsTiming() throws {
        let daemon = try DaemonUnderTest()
        let primer = try DaemonClientTests().primer(daemon)
        let first = try daemon.client([
            "continue", primer, "--model", "tiny", "--seconds", "0.2", "--takes", "2", "--seed", "1", "--levels", "2",
            "--offset-seconds", "2", "--song-seconds", "30", "-o", daemon.folder + "/g1.wav", "--json",
        ])
        #expect(first.status == 0, "\(first.stderr)\n\(daemon.log)")
        let g1 = try acceptedJob(first)
        let second = try daemon.client([
            "extend", "--from", "\(g1):2", "--seconds", "0.1", "--takes", "1", "--seed", "2", "--levels", "2",
            "-o", daemon.folder + "/g2.wav", "--json",
        ])
        #expect(second.status == 0, "\(second.stderr)\n\(daemon.log)")
        let g2 = try acceptedJob(second)
        let third = try daemon.client([
            "extend", "--from", "\(g2):1", "--seconds", "0.1", "--takes", "1", "--seed", "3", "--levels", "2",
            "-o", daemon.folder + "/g3.wav", "--json",
        ])
        #expect(third.status == 0, "\(third.stderr)\n\(daemon.log)")
        let g3 = try acceptedJob(third)

        let tree = try daemon.client(["jobs", "--tree"])
        #expect(tree.status == 0, "\(tree.stderr)")
        let lines = tree.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(tree.stdout)")
        // 0.4 s of primer (137 top tokens of 128 samples) and 0.2 s: 207 tokens, 0.60 s; then 35
        // tokens more (0.1 s) per generation.
        #expect(lines.first == "\(g1)  done  0.6 s  seed 1  primed", "\(tree.stdout)")
        #expect(lines.dropFirst().first == "└─ take 2: \(g2)  done  0.7 s  seed 2  continue", "\(tree.stdout)")
        #expect(lines.last == "   └─ take 1: \(g3)  done  0.8 s  seed 3  continue", "\(tree.stdout)")
        let listed = try daemon.client(["jobs", "--json"])
        #expect(listed.stdout.contains("\"parent_job\":\"\(g2)\",\"parent_take\":0"), "\(listed.stdout)")

        // The grandchild starts where the first take started, in a song as long as the first
        // job said: the timing conditioning of every generation describes the same song.
        for file in ["g1-1.wav", "g2.wav", "g3.wav"] {
            let provenance = try info(daemon, daemon.folder + "/" + file)
            #expect(provenance["song_offset_s"] as? Double == 2, "\(file): \(provenance)")
            #expect(provenance["song_length_s"] as? Double == 30, "\(file): \(provenance)")
        }
        let grandchild = try info(daemon, daemon.folder + "/g3.wav")
        #expect(grandchild["parent_job"] as? String == g2 && grandchild["parent_take"] as? Int == 0)
        #expect(grandchild["job"] as? String == g3 && grandchild["seed"] as? Int == 3)

        // A take that is not there is refused with a stable code, and nothing is queued.
        let unknownJob = try daemon.client([
            "extend", "--from", "jnosuchjob:1", "--seconds", "0.1", "-o", daemon.folder + "/x.wav",
        ])
        #expect(unknownJob.status == 66 && unknownJob.stderr.contains("(not_found)"), "\(unknownJob.stderr)")
        let noSuchTake = try daemon.client([
            "extend", "--from", "\(g1):3", "--seconds", "0.1", "-o", daemon.folder + "/x.wav",
        ])
        #expect(noSuchTake.status == 66 && noSuchTake.stderr.contains("(not_found)"), "\(noSuchTake.stderr)")
        let malformed = try daemon.client(["extend", "--from", "\(g1):0", "--seconds", "0.1", "--detach"])
        #expect(malformed.status == 64, "\(malformed.stderr)")
        #expect(try daemon.client(["jobs", "--tree"]).stdout == tree.stdout)
        #expect(!FileManager.default.fileExists(atPath: daemon.folder + "/x.wav"))
    }

    @Test func provenanceRoundTripsThroughWAVAndFLAC() throws {
        let daemon = try DaemonUnderTest()
        let primer = try DaemonClientTests().primer(daemon)
        let lyrics = daemon.folder + "/lyrics.txt"
        try "hello hello\n".write(toFile: lyrics, atomically: true, encoding: .utf8)
        let made = try daemon.client([
            "continue", primer, "--model", "tiny", "--artist", "demo_band", "--genre", "rock", "--lyrics", lyrics,
            "--seconds", "0.2", "--takes", "1", "--seed", "5", "--top-k", "7", "--temperatures", "0.9,0.8,0.7",
            "-o", daemon.folder + "/song.wav", "--json",
        ])
        #expect(made.status == 0, "\(made.stderr)\n\(daemon.log)")
        let job = try acceptedJob(made)
        let wav = try info(daemon, daemon.folder + "/song.wav")
        #expect(wav["model"] as? String == "tiny" && wav["job"] as? String == job)
        #expect(wav["seed"] as? Int == 5 && wav["top_k"] as? Int == 7 && wav["level"] as? Int == 0)
        #expect(wav["temperatures"] as? [Double] == [0.9, 0.8, 0.7] && wav["levels"] as? [Int] == [2, 1, 0])
        #expect(wav["artist"] as? String == "demo_band" && wav["genres"] as? [String] == ["rock"])
        #expect((wav["lyrics_sha256"] as? String)?.count == 64 && (wav["bundle_sha256"] as? String)?.count == 64)
        #expect(wav["software"] as? String == "jukeboxd 0.1.0" && wav["parent_job"] == nil)

        // The same record in the job folder's sidecar, and through libsndfile.
        let sidecar = try String(contentsOfFile: daemon.folder + "/state/jobs/\(job)/take-1.json", encoding: .utf8)
        let stored = try AudioReader.info(path: daemon.folder + "/song.wav").tags
        #expect(stored.comment.map { $0 + "\n" } == sidecar)
        #expect(stored.title == "jukeboxd job \(job) take 1 of 1, level 0")

        // Fetched as FLAC, the take keeps it (Vorbis comments), read by the client and by jukeboxd.
        let flac = daemon.folder + "/song.flac"
        #expect(try daemon.client(["fetch", job, "--format", "flac", "-o", flac]).status == 0)
        #expect(try AudioReader.info(path: flac).tags.comment == stored.comment)
        #expect(NSDictionary(dictionary: try info(daemon, flac)).isEqual(to: wav))
        let audioInfo = try run(Binaries.jukeboxd, ["audio-info", flac])
        #expect(audioInfo.status == 0 && audioInfo.stdout.contains("  seed: 5"), "\(audioInfo.stdout)")
        #expect(audioInfo.stdout.contains("  job: \(job), take 1 of 1, level 0"), "\(audioInfo.stdout)")
        let human = try daemon.client(["info", flac])
        #expect(human.stdout.contains("artist: demo_band") && human.stdout.contains("top-k: 7"), "\(human.stdout)")

        // A file jukeboxd did not write says so, with a stable exit status.
        let foreign = try daemon.client(["info", primer])
        #expect(foreign.status == 65 && foreign.stderr.contains("says nothing of how it was made"))
    }

    @Test func likeReproducesATakesTokensExactly() throws {
        let daemon = try DaemonUnderTest()
        let primer = try DaemonClientTests().primer(daemon)
        let original = try daemon.client([
            "continue", primer, "--model", "tiny", "--seconds", "0.2", "--takes", "2", "--seed", "9", "--levels", "2",
            "--temperature", "0.95", "-o", daemon.folder + "/a.wav", "--json",
        ])
        #expect(original.status == 0, "\(original.stderr)\n\(daemon.log)")
        func tokens(_ job: String) throws -> String {
            let path = daemon.folder + "/\(job)-tokens.json"
            let fetched = try daemon.client(["fetch", job, "--take", "2", "--level", "2", "--tokens", "-o", path])
            #expect(fetched.status == 0, "\(fetched.stderr)")
            return try String(contentsOfFile: path, encoding: .utf8)
        }
        let first = try tokens(try acceptedJob(original))

        let again = try daemon.client([
            "continue", primer, "--like", daemon.folder + "/a-2.wav", "-o", daemon.folder + "/b.wav", "--json",
        ])
        #expect(again.status == 0, "\(again.stderr)\n\(daemon.log)")
        #expect(try tokens(try acceptedJob(again)) == first)
        // The settings came from the file: another seed on the command line gives another take.
        let other = try daemon.client([
            "continue", primer, "--like", daemon.folder + "/a-2.wav", "--seed", "10", "-o", daemon.folder + "/c.wav",
            "--json",
        ])
        #expect(other.status == 0, "\(other.stderr)")
        #expect(try tokens(try acceptedJob(other)) != first)

        // A file without provenance is refused before anything is sent.
        let refused = try daemon.client(["continue", primer, "--like", primer, "-o", daemon.folder + "/d.wav"])
        #expect(refused.status == 65 && refused.stderr.contains("says nothing of how it was made"))
        #expect(!FileManager.default.fileExists(atPath: daemon.folder + "/d-1.wav"))
    }
}
