import Foundation
import JukeboxAudio
import Testing

/// Clients/c, the C client library on json-c, built with the system compiler by its Makefile
/// (-Wall -Wextra -Werror) and run as a C program would: its example continues a primer through
/// the real daemon and writes the take, and bad input comes back as the protocol's error enum.
struct CClientTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Clients/c").path

    /// Builds the library and the example into `folder`; returns the example's path.
    func build(into folder: String) throws -> String {
        let made = try run("/usr/bin/make", ["-s", "-C", Self.sources, "BUILD=" + folder])
        #expect(made.status == 0, "make: \(made.stdout)\(made.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder + "/libjukebox_client.a"))
        return folder + "/jukebox-c-example"
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/make"), "needs make and cc"))
    func theCExampleContinuesAPrimerThroughTheDaemon() throws {
        let daemon = try DaemonUnderTest()
        let example = try build(into: daemon.folder + "/c-build")
        let primer = daemon.folder + "/primer.wav"
        #expect(try run("/usr/bin/sox", ["-n", "-r", "44100", primer, "synth", "0.3", "pluck", "A2"]).status == 0)
        let out = daemon.folder + "/take.wav"

        let result = try run(
            example,
            ["-s", daemon.socket, "-m", "tiny", "-a", "demo_band", "-g", "pop", "-n", "0.2", "-r", "3", primer, out])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)\n\(daemon.log)")
        // 0.3 s primer: 103 top tokens (13,184 samples); 0.2 s more: 69 tokens (8,832 samples).
        let info = try AudioReader.info(path: out)
        #expect(info.frames == 22_016)
        #expect(info.sampleRateHz == 44_100)
        // The callback saw the job's events; stdout names the job and the file.
        #expect(result.stderr.contains("\"type\":\"accepted\"") && result.stderr.contains("progress sample level 0"))
        #expect(result.stderr.contains("\"type\":\"done\""))
        let job = try #require(result.stdout.split(separator: " ").first.map(String.init))
        let jobs = try daemon.client(["jobs", "--json"])
        #expect(jobs.stdout.contains("\"job\":\"\(job)\"") && jobs.stdout.contains("\"state\":\"done\""))

        // Bad input: each protocol error arrives as its enum value (the example's exit status)
        // with the protocol's word, and writes nothing.
        let unknownModel = try run(example, ["-s", daemon.socket, "-m", "nope", primer, daemon.folder + "/x.wav"])
        #expect(unknownModel.status == 10, "JUKEBOX_UNKNOWN_MODEL: \(unknownModel.stderr)")
        #expect(unknownModel.stderr.contains("unknown_model: "))
        let notAudio = daemon.folder + "/notes.txt"
        try "not audio\n".write(toFile: notAudio, atomically: true, encoding: .utf8)
        let badAudio = try run(example, ["-s", daemon.socket, "-m", "tiny", notAudio, daemon.folder + "/x.wav"])
        #expect(badAudio.status == 13, "JUKEBOX_BAD_AUDIO: \(badAudio.stderr)")
        let unknownArtist = try run(
            example, ["-s", daemon.socket, "-m", "tiny", "-a", "nobody at all", primer, daemon.folder + "/x.wav"])
        #expect(unknownArtist.status == 11, "JUKEBOX_UNKNOWN_ARTIST: \(unknownArtist.stderr)")
        #expect(unknownArtist.stderr.contains("(field artist)"))
        #expect(!FileManager.default.fileExists(atPath: daemon.folder + "/x.wav"))
        // No daemon: a system error (100), not a crash.
        let noDaemon = try run(example, ["-s", daemon.folder + "/none.sock", primer, daemon.folder + "/x.wav"])
        #expect(noDaemon.status == 100, "JUKEBOX_E_SYSTEM: \(noDaemon.stderr)")
        #expect(noDaemon.stderr.contains("cannot connect to"))
        #expect(daemon.process?.isRunning == true, "\(daemon.log)")
    }
}
