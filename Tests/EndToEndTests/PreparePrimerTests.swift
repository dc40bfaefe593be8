import Foundation
import JukeboxAudio
import JukeboxTestSupport
import Testing

/// `jukeboxd prepare-primer` run as a process on real files.
struct PreparePrimerTests {
    let folder: TemporaryDirectory

    init() throws { folder = try TemporaryDirectory(prefix: "jukebox-e2e") }

    func path(_ name: String) -> String { folder.path(name) }

    @Test func stereo48kPrimerBecomesMono44kCutToTopTokens() throws {
        defer { folder.cleanup() }
        let primer = path("primer.flac")
        let sox = try run(
            "/usr/bin/sox", ["-n", "-r", "48000", "-c", "2", primer, "synth", "2.5", "sine", "300", "sine", "900"])
        #expect(sox.status == 0, "\(sox.stderr)")

        let output = path("prepared.wav")
        let result = try run(Binaries.jukeboxd, ["prepare-primer", primer, "-o", output])
        #expect(result.status == 0, "\(result.stderr)")

        let prepared = try AudioReader.read(path: output)
        #expect(prepared.channels == 1)
        #expect(prepared.sampleRateHz == 44_100)
        // 2.5 s at 44.1 kHz is 110,250 samples; cut down to a multiple of 128.
        #expect(prepared.frames == 110_250 / 128 * 128)
        // The same steps through the library give the same samples (float WAV is exact).
        let expected = try AudioReader.read(path: primer).preparedForModel().prefix(prepared.frames)
        #expect(Array(expected) == prepared.samples)
        #expect(result.stdout.contains("861 top-level tokens"))
    }

    @Test func promptSecondsKeepsOnlyTheStart() throws {
        defer { folder.cleanup() }
        let primer = path("primer.wav")
        _ = try run("/usr/bin/sox", ["-n", "-r", "44100", primer, "synth", "3", "sine", "440"])
        let output = path("short.flac")
        let result = try run(Binaries.jukeboxd, ["prepare-primer", primer, "-o", output, "--prompt-seconds", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        let info = try AudioReader.info(path: output)
        #expect(info.frames == 44_100 / 128 * 128)
        #expect(info.container.contains("FLAC"))
    }

    @Test func undecodablePrimerFailsClearlyAndWritesNothing() throws {
        defer { folder.cleanup() }
        let primer = path("notes.txt")
        try "verse one\n".write(toFile: primer, atomically: true, encoding: .utf8)
        let output = path("never.wav")
        let result = try run(Binaries.jukeboxd, ["prepare-primer", primer, "-o", output])
        #expect(result.status == 65)  // EX_DATAERR
        #expect(result.stderr.hasPrefix("jukeboxd: \(primer) is not a readable audio file"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func audioInfoReportsEachFileAndFailsForBadOnes() throws {
        defer { folder.cleanup() }
        let good = path("tone.ogg")
        _ = try run("/usr/bin/sox", ["-n", "-r", "22050", good, "synth", "1", "sine", "1000"])
        let result = try run(Binaries.jukeboxd, ["audio-info", good, path("missing.wav")])
        #expect(result.status == 66)  // EX_NOINPUT for the missing file
        #expect(result.stdout.contains("1 ch, 22050 Hz, 22050 frames"))
        #expect(result.stderr.contains("missing.wav"))
    }
}
