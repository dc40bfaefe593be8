import Foundation
import JukeboxAudio
import JukeboxEngine
import Testing

/// The engine's one validator (`GenerationSpec.validate`), through the engine API: every rule
/// the wire decoder holds, each broken once, is `EngineError.invalidSetting` naming the field,
/// from `validate` and from `GenerationRun` before anything is read or written. The daemon
/// (DaemonServerTests.everyBrokenRuleIsAClearErrorOnTheWire) and `jukeboxd continue`
/// (ContinueTests.everyBrokenRuleExits64) break the same rules.
struct ValidationTests {
    /// A valid primed spec.
    static let valid = GenerationSpec(mode: .primed, artist: "demo_band", seconds: 0.1, takes: 1, seed: 1)

    /// Each rule broken once: its name, the field the error must name, and the spec.
    static let broken: [(String, String, GenerationSpec)] = {
        func with(_ change: (inout GenerationSpec) -> Void) -> GenerationSpec {
            var spec = valid
            change(&spec)
            return spec
        }
        return [
            ("no takes", "takes", with { $0.takes = 0 }),
            ("too many takes", "takes", with { $0.takes = 17 }),
            ("two temperatures", "temperatures", with { $0.temperatures = [1, 1] }),
            ("temperature too small", "temperatures", with { $0.temperatures = [0.0005, 1, 1] }),
            ("temperature too large", "temperatures", with { $0.temperatures = [3, 1, 1] }),
            ("temperature not a number", "temperatures", with { $0.temperatures = [.nan, 1, 1] }),
            ("two hop fractions", "hop_fractions", with { $0.hopFractions = [0.5, 0.5] }),
            ("hop fraction over 1", "hop_fractions", with { $0.hopFractions = [1.5, 0.5, 0.5] }),
            ("hop fraction 0", "hop_fractions", with { $0.hopFractions = [0, 0.5, 0.5] }),
            ("negative top-k", "top_k", with { $0.topK = -1 }),
            ("top-p 0", "top_p", with { $0.topP = 0 }),
            ("top-p over 1", "top_p", with { $0.topP = 1.5 }),
            ("top-k with top-p", "top_p", with { ($0.topK, $0.topP) = (5, 0.9) }),
            ("levels not from the top", "levels", with { $0.levels = [1, 0] }),
            ("levels with a gap", "levels", with { $0.levels = [2, 0] }),
            ("a level the model lacks", "levels", with { $0.levels = [3, 2, 1, 0] }),
            ("no levels", "levels", with { $0.levels = [] }),
            ("seconds too short", "seconds", with { $0.seconds = 0.001 }),
            ("seconds too long", "seconds", with { $0.seconds = 5000 }),
            ("no seconds", "seconds", with { $0.seconds = nil }),
            ("prompt of 0 s", "prompt_seconds", with { $0.promptSeconds = 0 }),
            ("negative offset", "offset_seconds", with { $0.offsetSeconds = -1 }),
            ("song shorter than the offset", "song_seconds", with { ($0.songSeconds, $0.offsetSeconds) = (1, 2) }),
            ("six genres", "genres", with { $0.genres = ["a", "b", "c", "d", "e", "f"] }),
            ("lyrics too long", "lyrics", with { $0.lyrics = String(repeating: "la ", count: 30_000) }),
            ("artist too long", "artist", with { $0.artist = String(repeating: "a", count: 300) }),
            ("a source take for a primed job", "job", with { $0.source = SourceTake(folder: "/tmp", take: 0) }),
            ("a continue job without a source", "job", with { $0.mode = .continue }),
            (
                "seconds to upsample", "seconds",
                with {
                    ($0.mode, $0.levels, $0.source) = (.upsample, [1, 0], SourceTake(folder: "/tmp", take: 0))
                }
            ),
        ]
    }()

    @Test func theValidSpecPasses() throws {
        try Self.valid.validate(levelCount: 3)
    }

    @Test func everyBrokenRuleIsAnInvalidSettingNamingItsField() throws {
        let tiny = try TinyPipeline.load()
        let primer = try TinyPipeline.primer(seconds: 0.1)
        for (rule, field, spec) in Self.broken {
            #expect(Self.settingNamed { try spec.validate(levelCount: 3) } == field, "\(rule)")
            let folder = TinyPipeline.folder("invalid")
            let named = Self.settingNamed {
                _ = try GenerationRun(
                    spec: spec, folder: folder, pipeline: tiny.pipeline, bundleIdentity: tiny.identity,
                    primer: spec.mode == .primed ? primer : nil)
            }
            #expect(named == field, "\(rule): GenerationRun")
            #expect(!FileManager.default.fileExists(atPath: folder), "\(rule): wrote \(folder)")
        }
    }

    /// The field an `EngineError.invalidSetting` from `body` names; "accepted" or the other error otherwise.
    static func settingNamed(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "accepted"
        } catch {
            guard let engine = error as? EngineError, case .invalidSetting(let field, _) = engine else {
                return "\(error)"
            }
            return field
        }
    }

    @Test func aNewLengthThatFitsOneTopWindowIsSampledAsAsked() throws {
        let tiny = try TinyPipeline.load()
        let top = tiny.pipeline.priors[2].hyperparameters.nCtx
        let hops = tiny.pipeline.vqvae.hopLengths
        // 0.05 s of primer (2,176 samples: 17 top tokens) and 0.05 s more: 4,480 samples, 35 top
        // tokens, inside one top-level window (64 tokens). The reference's rule would sample 35
        // new tokens after the 17 and return 6,656 samples.
        let spec = GenerationSpec(mode: .primed, artist: "demo_band", seconds: 0.05, takes: 1, seed: 2)
        let job = try GenerationRun(
            spec: spec, folder: TinyPipeline.folder("asked"), pipeline: tiny.pipeline, bundleIdentity: tiny.identity,
            primer: try TinyPipeline.primer(seconds: 0.05))
        defer { try? FileManager.default.removeItem(atPath: job.folder.path) }
        #expect(job.record.promptLength == 2176)
        #expect(job.record.sampleLength == 4480)
        try #require(4480 / hops[2] < top)
        let outcome = try job.run()
        #expect(outcome.tokenCounts == hops.map { 4480 / $0 })
        #expect(outcome.seconds == 4480.0 / 44_100)
        for level in [2, 1, 0] {
            let info = try AudioReader.info(path: job.folder.audio(level: level, take: 0, format: .wav)).frames
            #expect(info == 4480, "level \(level)")
        }
    }

    @Test func aSongShorterThanAnUpsamplersWindowIsUpsampled() throws {
        let tiny = try TinyPipeline.load()
        let hops = tiny.pipeline.vqvae.hopLengths
        let spec = GenerationSpec(mode: .ancestral, artist: "demo_band", seconds: 0.03, takes: 2, seed: 4)
        let job = try GenerationRun(
            spec: spec, folder: TinyPipeline.folder("short"), pipeline: tiny.pipeline, bundleIdentity: tiny.identity)
        defer { try? FileManager.default.removeItem(atPath: job.folder.path) }
        let samples = job.record.sampleLength
        // Shorter than one level-1 window, so the window reaches past the level-2 codes there are
        // (with the official shapes: any song under 5.9 s failed at level 1 before).
        let ratio = hops[2] / hops[1]
        try #require(samples / hops[1] < tiny.pipeline.priors[1].hyperparameters.nCtx)
        try #require(samples / hops[2] < tiny.pipeline.priors[1].hyperparameters.nCtx / ratio)
        let outcome = try job.run()
        #expect(outcome.tokenCounts == hops.map { samples / $0 })
        for level in [2, 1, 0] {
            let frames = try AudioReader.info(path: job.folder.audio(level: level, take: 1, format: .wav)).frames
            #expect(frames == samples, "level \(level)")
        }
    }
}
