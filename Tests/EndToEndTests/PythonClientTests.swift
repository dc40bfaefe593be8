import Foundation
import JukeboxAudio
import JukeboxJSON
import Testing

/// A client the project did not write: a Python 3 script on the standard library alone
/// (Tests/e2e-python/protocol_session.py) drives the real daemon over its socket, reading
/// nothing but jukebox-protocol(7). It lives outside this target's folder so SwiftPM does not
/// count it as an unhandled resource.
struct PythonClientTests {
    static let python = "/usr/bin/python3"
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("e2e-python/protocol_session.py").path

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: python), "needs /usr/bin/python3"))
    func aStandardLibraryPythonClientDrivesAWholeSession() throws {
        // A small max_line_bytes (the least the daemon takes is 64K) keeps the oversized line cheap;
        // the 0.3 s primer's base64 (about 71 KB as 16-bit stereo WAV) still fits in 1M.
        let daemon = try DaemonUnderTest(extraArguments: ["--max-line-bytes", "1M"])
        let primer = daemon.folder + "/primer.wav"
        let made = try run(
            "/usr/bin/sox", ["-n", "-r", "44100", "-c", "2", "-b", "16", primer, "synth", "0.3", "pluck", "E3"])
        #expect(made.status == 0, "sox: \(made.stderr)")
        let out = daemon.folder + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)

        let session = try run(Self.python, [Self.script, daemon.socket, primer, out])
        #expect(
            session.status == 0,
            "protocol_session.py exited \(session.status)\n--- stdout\n\(session.stdout)--- stderr\n\(session.stderr)--- daemon log\n\(daemon.log)"
        )
        guard session.status == 0 else { return }

        // The script saw the limits we set, and both takes are whole songs of the expected length:
        // the primer cut down to whole top-level tokens (128 samples) and 0.2 s more, rounded up.
        // (Read with JukeboxJSON: Foundation's JSONSerialization on Linux is off by a few ulps.)
        let summary = try JSONParser().parse(Data(contentsOf: URL(fileURLWithPath: out + "/session.json")))
        #expect(summary["max_line_bytes"]?.intValue == 1 << 20)
        let primerInfo = try AudioReader.info(path: primer)
        #expect(primerInfo.frames == 13_230)
        let hop = 128
        let primerFrames = primerInfo.frames * 44_100 / primerInfo.sampleRateHz / hop * hop  // 103 tokens: 13,184
        let newFrames = (8_820 + hop - 1) / hop * hop  // 0.2 s: 69 tokens, 8,832
        #expect(primerFrames + newFrames == 22_016)
        for take in 0..<2 {
            let info = try AudioReader.info(path: out + "/take-\(take).wav")
            #expect(info.sampleRateHz == 44_100)
            #expect(info.frames == primerFrames + newFrames, "take \(take)")
        }

        // Every step printed its line; nothing failed.
        for step in ["hello", "models", "submit", "fetch", "jobs", "cancel", "bad-input", "end"] {
            #expect(session.stdout.contains("ok   [\(step)]"), "no ok line for \(step):\n\(session.stdout)")
        }
        #expect(!session.stdout.contains("FAIL"))
        #expect(summary["done_duration_s"]?.doubleValue == Double(primerFrames + newFrames) / 44_100)

        // Where the daemon and jukebox-protocol(7) disagree, the script prints GAP or DEVIATION
        // lines instead of failing; each is a known issue here, so a fix shows up as
        // "known issue was not recorded" and this can be tightened.
        #expect(!session.stdout.contains("DEVIATION"))
        // The daemon lived through it all.
        #expect(daemon.process?.isRunning == true, "\(daemon.log)")
        #expect(daemon.log.contains("running -> done"))
    }

    static let module = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Clients/python").path
    static let moduleSession = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("e2e-python/client_module_session.py").path

    /// Clients/python/jukebox_client.py, the module the project ships for scripts, used as a script would.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: python), "needs /usr/bin/python3"))
    func theShippedPythonModuleRunsAJob() throws {
        let daemon = try DaemonUnderTest()
        let primer = daemon.folder + "/primer.wav"
        #expect(try run("/usr/bin/sox", ["-n", "-r", "44100", primer, "synth", "0.3", "pluck", "A2"]).status == 0)
        let result = try run(Self.python, [Self.moduleSession, Self.module, daemon.socket, primer, daemon.folder])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)\n\(daemon.log)")
        // 0.3 s primer: 103 top tokens (13,184 samples); 0.2 s more: 69 tokens. 172 tokens in all.
        #expect(try AudioReader.info(path: daemon.folder + "/take.wav").frames == 22_016)
        #expect(result.stdout.hasSuffix(" 172\n"))
    }
}
