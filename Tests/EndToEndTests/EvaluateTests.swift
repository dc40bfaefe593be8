import Foundation
import Testing

/// `jukeboxd encode` and `jukeboxd evaluate` as processes, on real audio made by sox.
struct EvaluateTests {
    /// A temporary folder with the tiny random bundle and a 1.5-second stereo recording.
    static func workspace() throws -> (folder: String, bundle: String, audio: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evaluate-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let bundle = folder + "/tiny"
        #expect(try run(Binaries.jukeboxd, ["init-bundle", "--out", bundle]).status == 0)
        let audio = folder + "/real.wav"
        let sox = try run(
            "/usr/bin/sox", ["-n", "-r", "48000", "-c", "2", audio, "synth", "1.5", "pluck", "220", "pluck", "330"])
        #expect(sox.status == 0, "\(sox.stderr)")
        return (folder, bundle, audio)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func encodeWritesEveryLevelsCodes() throws {
        let (folder, bundle, audio) = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let all = try run(Binaries.jukeboxd, ["encode", "--bundle", bundle, audio])
        #expect(all.status == 0, "\(all.stderr)")
        let object = try Self.json(all.stdout)
        // 1.5 s at 44.1 kHz = 66,150 samples, cut to 516 top-level tokens of 128 = 66,048.
        #expect(object["samples"] as? Int == 66_048)
        #expect(object["sample_rate"] as? Int == 44_100)
        let levels = try #require(object["levels"] as? [[String: Any]])
        #expect(levels.map { $0["level"] as? Int } == [0, 1, 2])
        for entry in levels {
            let hop = try #require(entry["hop_length"] as? Int)
            let codes = try #require(entry["codes"] as? [Int])
            #expect(codes.count == 66_048 / hop)
            #expect(codes.allSatisfy { (0..<64).contains($0) })
        }
        let file = folder + "/codes.json"
        let one = try run(
            Binaries.jukeboxd, ["encode", "--bundle", bundle, "--levels", "2", "--seconds", "1", audio, "-o", file])
        #expect(one.status == 0, "\(one.stderr)")
        let written = try Self.json(String(contentsOfFile: file, encoding: .utf8))
        let top = try #require((written["levels"] as? [[String: Any]])?.first)
        #expect((top["codes"] as? [Int])?.count == 44_100 / 128)
        #expect((top["codes"] as? [Int]) == Array(((levels[2]["codes"] as? [Int]) ?? []).prefix(344)))
        let bad = try run(Binaries.jukeboxd, ["encode", "--bundle", bundle, "--levels", "3", audio])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--levels takes levels in 0...2"))
        let missing = try run(Binaries.jukeboxd, ["encode", "--bundle", bundle, folder + "/none.wav"])
        #expect(missing.status != 0)
    }

    @Test func evaluateMeasuresEveryLevelAndASampledContinuation() throws {
        let (folder, bundle, audio) = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let report = folder + "/report.json"
        let list = folder + "/heldout.json"
        try #"[{"real": "real.wav", "artist": "unknown", "genre": "unknown", "name": "plucks"}]"#
            .write(toFile: list, atomically: true, encoding: .utf8)
        let result = try run(
            Binaries.jukeboxd,
            [
                "evaluate", "--bundle", bundle, "--prompt-seconds", "1", "--seconds", "0.25", "--json", report,
                "--keep", folder + "/jobs", list,
            ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("bundle tiny (untrained)"))
        #expect(result.stdout.contains("plucks (unknown, unknown): 1.50 s"))
        let object = try Self.json(String(contentsOfFile: report, encoding: .utf8))
        let item = try #require((object["items"] as? [[String: Any]])?.first)
        let codec = try #require(item["codec"] as? [[String: Any]])
        #expect(codec.count == 3)
        for level in codec {
            let snr = try #require(level["snr_db"] as? Double)
            let sc = try #require(level["spectral_convergence"] as? Double)
            #expect(snr.isFinite && sc > 0)
        }
        let sample = try #require(item["sample"] as? [String: Any])
        #expect(abs((sample["new_seconds"] as? Double ?? 0) - 0.25) < 0.01)
        #expect((sample["levels"] as? [[String: Any]])?.map { $0["level"] as? Int } == [2, 1, 0])
        #expect((sample["longest_run"] as? Int ?? 0) >= 1)
        #expect(FileManager.default.fileExists(atPath: folder + "/jobs/plucks/take-1.wav"))
        let checks = try #require(object["checks"] as? [[String: Any]])
        #expect(checks.compactMap { $0["rule"] as? String }.contains("level0_silence<0.10"))

        let short = try run(
            Binaries.jukeboxd,
            [
                "evaluate", "--bundle", bundle, "--prompt-seconds", "1", "--seconds", "1", "--artist", "unknown", audio,
            ])
        #expect(short.status == 64)
        #expect(short.stderr.contains("need 2.00 s of real music"))
    }
}
