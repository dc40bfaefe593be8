import Foundation
import JukeboxAudio
import JukeboxWeights
import Testing

/// `jukeboxd init-bundle` as a process.
struct InitBundleTests {
    @Test func tinyBundleIsWrittenOnceAndOpens() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("init-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try run(Binaries.jukeboxd, ["init-bundle", "--preset", "tiny", "--seed", "0", "--out", folder])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("bundle 'tiny' (untrained, seed 0)"))
        let bundle = try ModelBundle(path: folder)
        #expect(bundle.config.trained == false)
        #expect(bundle.config.summary.contains("noise"))

        let again = try run(Binaries.jukeboxd, ["init-bundle", "--preset", "tiny", "--out", folder])
        #expect(again.status == 65)
        #expect(again.stderr.contains("already exists"))
        let unknown = try run(Binaries.jukeboxd, ["init-bundle", "--preset", "7b", "--out", folder + "-x"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no preset named '7b'"))
    }
}

/// `jukeboxd codec` on the tiny bundle: real audio in, the level's codes, audio out.
struct CodecTests {
    @Test func roundTripKeepsTheLengthAtEveryLevel() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("codec-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bundle = folder + "/tiny"
        #expect(try run(Binaries.jukeboxd, ["init-bundle", "--out", bundle]).status == 0)
        let input = folder + "/in.wav"
        #expect(
            try run("/usr/bin/sox", ["-n", "-r", "48000", "-c", "2", input, "synth", "0.5", "sine", "440"]).status == 0)
        for level in 0..<3 {
            let output = folder + "/out\(level).flac"
            let result = try run(
                Binaries.jukeboxd, ["codec", "--bundle", bundle, "--level", String(level), input, "-o", output])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("untrained bundle"))
            // 0.5 s at 44.1 kHz = 22,050 samples, cut to 172 top-level tokens of 128.
            let info = try AudioReader.info(path: output).frames
            #expect(info == 22_016)
        }
        let missing = try run(
            Binaries.jukeboxd, ["codec", "--bundle", folder + "/none", input, "-o", folder + "/x.wav"])
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("missing or unreadable"))
    }
}
