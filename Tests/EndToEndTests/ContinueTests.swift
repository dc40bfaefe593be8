import Foundation
import JukeboxAudio
import JukeboxTestSupport
import Testing

/// `jukeboxd continue` on the tiny bundle: a primed continuation through every level, as a process.
struct ContinueTests {
    /// A temporary folder with the tiny bundle (`tiny`) and a 0.3 s sine primer at 44.1 kHz.
    static func tinyBundleAndPrimer() throws -> (TemporaryDirectory, String) {
        let folder = try TemporaryDirectory(prefix: "continue")
        #expect(try run(Binaries.jukeboxd, ["init-bundle", "--out", folder.path("tiny")]).status == 0)
        let primer = folder.path("primer.wav")
        #expect(try run("/usr/bin/sox", ["-n", "-r", "44100", primer, "synth", "0.3", "sine", "220"]).status == 0)
        return (folder, primer)
    }

    @Test func writesEveryTakeAtTheRequestedLength() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("continue-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try run(Binaries.jukeboxd, ["init-bundle", "--out", folder + "/tiny"]).status == 0)
        let primer = folder + "/primer.flac"
        #expect(
            try run("/usr/bin/sox", ["-n", "-r", "22050", "-c", "2", primer, "synth", "0.6", "pluck", "C3"]).status == 0
        )
        let lyrics = folder + "/lyrics.txt"
        try "la la la\n".write(toFile: lyrics, atomically: true, encoding: .utf8)

        let result = try run(
            Binaries.jukeboxd,
            [
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
            // Each take says how it was made (jukebox-protocol(7), PROVENANCE); no daemon, no job id.
            let comment = try #require(info.tags.comment)
            let record = try #require(try JSONSerialization.jsonObject(with: Data(comment.utf8)) as? [String: Any])
            #expect(record["take"] as? Int == take - 1 && record["seed"] as? Int == 3 && record["job"] == nil)
            #expect(record["model"] as? String == "tiny" && record["mode"] as? String == "primed")
        }
        let described = try run(Binaries.jukeboxd, ["audio-info", folder + "/out-2.wav"])
        #expect(described.stdout.contains("  job: -, take 2 of 2, level 0"), "\(described.stdout)")
        #expect(result.stderr.contains("continue: level 0 done"))
        #expect(result.stderr.contains("untrained bundle"))
    }

    @Test func anUnknownArtistIsRefusedWithCloseMatches() throws {
        let (temporary, primer) = try Self.tinyBundleAndPrimer()
        defer { temporary.cleanup() }
        let folder = temporary.root
        let result = try run(
            Binaries.jukeboxd,
            [
                "continue", primer, "--bundle", folder + "/tiny", "--artist", "Demo Bnd", "-o", folder + "/never.wav",
            ])
        #expect(result.status == 65)
        #expect(result.stderr.contains("demo_band"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/never.wav"))
    }
}

/// The engine's validator through `jukeboxd continue`: each rule the daemon holds, broken once
/// on the command line, exits 64 naming the setting and writes nothing; and a continuation
/// shorter than one top-level window is as long as asked.
extension ContinueTests {
    /// Each rule broken once: the rule, the setting the message must name, the options.
    static let broken: [(String, String, [String])] = [
        ("no takes", "takes", ["--takes", "0"]),
        ("too many takes", "takes", ["--takes", "17"]),
        ("two temperatures", "temperatures", ["--temperatures", "1,1"]),
        ("temperature too small", "temperatures", ["--temperature", "0.0005"]),
        ("temperature too large", "temperatures", ["--temperature", "3"]),
        ("two hop fractions", "hop_fractions", ["--hop-fractions", "0.5,0.5"]),
        ("hop fraction over 1", "hop_fractions", ["--hop-fractions", "1.5,0.5,0.5"]),
        ("hop fraction 0", "hop_fractions", ["--hop-fractions", "0,0.5,0.5"]),
        ("negative top-k", "top_k", ["--top-k=-1"]),
        ("top-p 0", "top_p", ["--top-p", "0"]),
        ("top-p over 1", "top_p", ["--top-p", "1.5"]),
        ("top-k with top-p", "top_p", ["--top-k", "5", "--top-p", "0.9"]),
        ("levels not from the top", "levels", ["--levels", "1,0"]),
        ("levels with a gap", "levels", ["--levels", "2,0"]),
        ("a level the model lacks", "levels", ["--levels", "3,2,1,0"]),
        ("seconds too short", "seconds", ["--seconds", "0.001"]),
        ("seconds too long", "seconds", ["--seconds", "5000"]),
        ("prompt of 0 s", "prompt_seconds", ["--prompt-seconds", "0"]),
        ("negative offset", "offset_seconds", ["--offset-seconds=-1"]),
        ("song shorter than the offset", "song_seconds", ["--song-seconds", "1", "--offset-seconds", "2"]),
        ("six genres", "genres", ["--genre", "a b c d e f"]),
    ]

    @Test func everyBrokenRuleExits64() throws {
        let (temporary, primer) = try Self.tinyBundleAndPrimer()
        defer { temporary.cleanup() }
        let folder = temporary.root
        let lyrics = folder + "/lyrics.txt"
        try String(repeating: "la ", count: 30_000).write(toFile: lyrics, atomically: true, encoding: .utf8)
        let cases = Self.broken + [("lyrics too long", "lyrics", ["--lyrics", lyrics])]
        for (rule, setting, options) in cases {
            let result = try run(
                Binaries.jukeboxd,
                [
                    "continue", primer, "--bundle", folder + "/tiny", "--artist", "demo_band", "-o",
                    folder + "/never.wav",
                ]
                    + options)
            #expect(result.status == 64, "\(rule): exit \(result.status) \(result.stderr)")
            #expect(result.stderr.contains("invalid \(setting):"), "\(rule): \(result.stderr)")
            #expect(!result.stderr.contains("Fatal error"), "\(rule)")
            #expect(!FileManager.default.fileExists(atPath: folder + "/never.wav"), "\(rule)")
        }
    }

    @Test func aContinuationInsideOneTopWindowIsAsLongAsAsked() throws {
        let (temporary, primer) = try Self.tinyBundleAndPrimer()
        defer { temporary.cleanup() }
        let folder = temporary.root
        // 0.05 s of the primer (2,176 samples, 17 top tokens) and 0.05 s more make 4,480
        // samples: 35 top tokens, inside the tiny model's 64-token top window. The reference's
        // partial-window rule would return 6,656.
        let result = try run(
            Binaries.jukeboxd,
            [
                "continue", primer, "--bundle", folder + "/tiny", "--artist", "demo_band", "--prompt-seconds", "0.05",
                "--seconds", "0.05", "-o", folder + "/out.wav",
            ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try AudioReader.info(path: folder + "/out.wav").frames == 4480)
        #expect(result.stdout.contains("0.10 s (primer 0.05 s)"), "\(result.stdout)")
    }
}
