import Foundation
import JukeboxAudio
import Testing

/// The real daemon and the real client as processes, as a user runs them: `jukeboxd serve` on
/// a private socket with the tiny bundle, driven by `jukebox`.
final class DaemonUnderTest {
    let folder: String
    var socket: String { folder + "/s.sock" }
    private(set) var process: Process?
    /// Flags added to `jukeboxd serve`'s command line, such as `["--max-line-bytes", "1M"]`.
    let extraArguments: [String]

    init(extraArguments: [String] = []) throws {
        self.extraArguments = extraArguments
        folder =
            FileManager.default.temporaryDirectory.appendingPathComponent("e2e-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder + "/models", withIntermediateDirectories: true)
        let made = try run(Binaries.jukeboxd, ["init-bundle", "--out", folder + "/models/tiny"])
        guard made.status == 0 else { throw TestFailure("init-bundle: \(made.stderr)") }
        try start()
    }

    struct TestFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Starts `jukeboxd serve` and waits until `jukebox status` answers.
    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binaries.jukeboxd)
        process.arguments =
            [
                "serve", "--no-config", "--socket", socket, "--models", folder + "/models", "--state",
                folder + "/state",
            ] + extraArguments
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile()))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        for _ in 0..<200 {
            if FileManager.default.fileExists(atPath: socket), try client(["status"]).status == 0 { return }
            guard process.isRunning else { throw TestFailure("the daemon exited: \(log)") }
            usleep(50_000)
        }
        throw TestFailure("the daemon did not answer: \(log)")
    }

    private func logFile() -> String {
        let path = folder + "/daemon.log"
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        return path
    }

    var log: String { (try? String(contentsOfFile: folder + "/daemon.log", encoding: .utf8)) ?? "" }

    /// Runs `jukebox` against this daemon.
    func client(_ arguments: [String]) throws -> ProcessResult {
        try run(Binaries.jukebox, arguments, environment: ["JUKEBOX_SOCKET": socket])
    }

    /// Stops the daemon: SIGTERM, or SIGKILL to play a crash.
    func stop(crash: Bool = false) {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, crash ? SIGKILL : SIGTERM)
        process.waitUntilExit()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: folder)
    }
}

struct DaemonClientTests {
    func primer(_ daemon: DaemonUnderTest, seconds: String = "0.4") throws -> String {
        let path = daemon.folder + "/primer.flac"
        #expect(
            try run("/usr/bin/sox", ["-n", "-r", "48000", "-c", "2", path, "synth", seconds, "pluck", "E3"]).status == 0
        )
        return path
    }

    @Test func continueWritesEveryTakeAndTheJobIsListed() throws {
        let daemon = try DaemonUnderTest()
        let lyrics = daemon.folder + "/lyrics.txt"
        try "hello hello\n".write(toFile: lyrics, atomically: true, encoding: .utf8)
        let out = daemon.folder + "/song.wav"
        let result = try daemon.client([
            "continue", try primer(daemon), "--model", "tiny", "--artist", "demo_band", "--genre", "rock",
            "--lyrics", lyrics, "--seconds", "0.3", "--takes", "2", "--seed", "11", "-o", out,
        ])
        #expect(result.status == 0, "\(result.stderr)\n\(daemon.log)")
        // 0.4 s at 44.1 kHz = 17,640 samples, cut to 137 top tokens (17,536); 0.3 s more
        // (13,230 samples) rounds up to 241 tokens: 30,848 samples.
        for take in 1...2 {
            let info = try AudioReader.info(path: daemon.folder + "/song-\(take).wav")
            #expect(info.frames == 30_848)
        }
        #expect(result.stdout.contains("song-1.wav") && result.stdout.contains("song-2.wav"))
        #expect(!result.stderr.contains("level 0 sample 2/"))  // a log gets a few lines per level, not one per window
        let jobs = try daemon.client(["jobs", "--json"])
        #expect(jobs.status == 0)
        #expect(jobs.stdout.contains("\"state\":\"done\"") && jobs.stdout.contains("\"mode\":\"primed\""))
        #expect(daemon.log.contains("running -> done"))
        let models = try daemon.client(["models"])
        #expect(models.stdout.contains("UNTRAINED") && models.stdout.contains("noise"))
    }

    @Test func aPreviewIsUpsampledAndExtendedLater() throws {
        let daemon = try DaemonUnderTest()
        let preview = try daemon.client([
            "generate", "--model", "tiny", "--seconds", "0.2", "--takes", "1", "--levels", "2", "--seed", "4",
            "-o", daemon.folder + "/preview.wav", "--json",
        ])
        #expect(preview.status == 0, "\(preview.stderr)\n\(daemon.log)")
        let job = try #require(
            preview.stdout.split(separator: "\n").compactMap { line -> String? in
                guard line.contains("\"type\":\"accepted\""),
                    let range = line.range(of: #""job":"([A-Za-z0-9_-]+)""#, options: .regularExpression)
                else { return nil }
                return String(line[range].dropFirst(7).dropLast())
            }.first)
        #expect(try AudioReader.info(path: daemon.folder + "/preview.wav").frames == 8_832)  // 69 top tokens
        // Watching the finished preview writes its level-2 takes: done says where the takes are.
        let again = try daemon.client(["watch", job, "-o", daemon.folder + "/again.wav"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try AudioReader.info(path: daemon.folder + "/again.wav").frames == 8_832)

        let rendered = try daemon.client(["upsample", job, "--take", "1", "-o", daemon.folder + "/full.wav"])
        #expect(rendered.status == 0, "\(rendered.stderr)\n\(daemon.log)")
        #expect(try AudioReader.info(path: daemon.folder + "/full.wav").frames == 8_832)

        let longer = try daemon.client([
            "extend", job, "--take", "1", "--seconds", "0.1", "--takes", "1", "-o", daemon.folder + "/longer.wav",
        ])
        #expect(longer.status == 0, "\(longer.stderr)\n\(daemon.log)")
        #expect(try AudioReader.info(path: daemon.folder + "/longer.wav").frames == 13_312)  // 69 + 35 top tokens

        let tokens = daemon.folder + "/tokens.json"
        let fetched = try daemon.client(["fetch", job, "--take", "1", "--level", "2", "--tokens", "-o", tokens])
        #expect(fetched.status == 0, "\(fetched.stderr)")
        #expect(try String(contentsOfFile: tokens, encoding: .utf8).contains("["))
    }

    @Test func aJobSurvivesADaemonCrashAndEndsAfterTheRestart() throws {
        let daemon = try DaemonUnderTest()
        let submitted = try daemon.client([
            "continue", try primer(daemon), "--model", "tiny", "--seconds", "1.5", "--takes", "1", "--seed", "5",
            "--detach",
        ])
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let job = submitted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        // Wait for some windows to be saved, then kill the daemon without warning.
        let tokens = daemon.folder + "/state/jobs/\(job)/tokens-level-2.bin"
        var waited = 0
        while !FileManager.default.fileExists(atPath: tokens) || waited < 5 {
            usleep(100_000)
            waited += 1
            if waited > 600 { break }
        }
        daemon.stop(crash: true)
        #expect(FileManager.default.fileExists(atPath: tokens))
        #expect(!daemon.log.contains("running -> done"))  // it was killed mid-job

        try daemon.start()
        let out = daemon.folder + "/after.wav"
        let watched = try daemon.client(["watch", job, "-o", out])
        #expect(watched.status == 0, "\(watched.stderr)\n\(daemon.log)")
        // 0.4 s of primer (137 top tokens) and 1.5 s more (66,150 samples): 654 tokens of 128 samples.
        #expect(try AudioReader.info(path: out).frames == 83_712)
        #expect(daemon.log.contains("resum"))
    }

    @Test func badRequestsGetStableCodesAndExitStatuses() throws {
        let daemon = try DaemonUnderTest()
        let unknownArtist = try daemon.client([
            "continue", try primer(daemon), "--model", "tiny", "--artist", "Demo Bnd", "--seconds", "1",
            "-o", daemon.folder + "/x.wav",
        ])
        #expect(unknownArtist.status == 65)
        #expect(unknownArtist.stderr.contains("unknown_artist") && unknownArtist.stderr.contains("demo_band"))
        let notAudio = daemon.folder + "/notes.txt"
        try "not audio".write(toFile: notAudio, atomically: true, encoding: .utf8)
        let badAudio = try daemon.client([
            "continue", notAudio, "--model", "tiny", "--seconds", "1", "-o", daemon.folder + "/x.wav",
        ])
        #expect(badAudio.status == 65)
        #expect(badAudio.stderr.contains("bad_audio"))
        let noModel = try daemon.client([
            "generate", "--model", "nope", "--seconds", "1", "-o", daemon.folder + "/x.wav",
        ])
        #expect(noModel.status == 65)
        #expect(noModel.stderr.contains("unknown_model"))
        let noJob = try daemon.client(["watch", "jdoesnotexist"])
        #expect(noJob.status == 66)
        #expect(!FileManager.default.fileExists(atPath: daemon.folder + "/x.wav"))
        // Nothing was queued by any of them.
        #expect(try daemon.client(["jobs", "--json"]).stdout.contains("\"jobs\":[]"))
    }
}
