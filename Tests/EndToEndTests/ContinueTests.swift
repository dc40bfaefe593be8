import Foundation
import JukeboxAudio
import Testing

/// `jukeboxd continue` on the tiny bundle: a primed continuation through every level, as a process.
struct ContinueTests {
    @Test func writesEveryTakeAtTheRequestedLength() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("continue-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try run(Binaries.jukeboxd, ["init-bundle", "--out", folder + "/tiny"]).status == 0)
        let primer = folder + "/primer.flac"
        #expect(try run("/usr/bin/sox", ["-n", "-r", "22050", "-c", "2", primer, "synth", "0.6", "pluck", "C3"]).status == 0)
        let lyrics = folder + "/lyrics.txt"
        try "la la la\n".write(toFile: lyrics, atomically: true, encoding: .utf8)

        let result = try run(Binaries.jukeboxd, [
            "continue", primer, "--bundle", folder + "/tiny", "--artist", "The Test Singers", "--genre", "Jazz",
            "--lyrics", lyrics, "--seconds", "0.5", "--takes", "2", "--seed", "3", "-o", folder + "/out.wav",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        // Primer: 0.6 s = 26,460 samples at 44.1 kHz, cut to 26,368 (206 tokens of 128); plus
        // 0.5 s = 22,050 samples, rounded up to whole top-level tokens: 48,512 in all.
        for take in 1...2 {
            let info = try AudioReader.info(path: folder + "/out-\(take).wav")
            #expect(info.frames == 48_512)
            #expect(info.sampleRateHz == 44_100)
        }
        #expect(result.stderr.contains("continue: level 0 done"))
        #expect(result.stderr.contains("untrained bundle"))
    }

    @Test func anUnknownArtistIsRefusedWithCloseMatches() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("continue-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try run(Binaries.jukeboxd, ["init-bundle", "--out", folder + "/tiny"]).status == 0)
        let primer = folder + "/primer.wav"
        #expect(try run("/usr/bin/sox", ["-n", "-r", "44100", primer, "synth", "0.3", "sine", "220"]).status == 0)
        let result = try run(Binaries.jukeboxd, [
            "continue", primer, "--bundle", folder + "/tiny", "--artist", "Demo Bnd", "-o", folder + "/never.wav",
        ])
        #expect(result.status == 65)
        #expect(result.stderr.contains("demo_band"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/never.wav"))
    }
}
