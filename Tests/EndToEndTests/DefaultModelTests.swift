import Foundation
import JukeboxAudio
import JukeboxWeights
import Testing

/// The trained default bundle that ships in the repository and the primer the main job uses.
struct DefaultModelTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let bundle = root.appendingPathComponent("Training/models/classical").path

    @Test func theShippedDefaultIsTrainedAndSaysWhatItIs() throws {
        let opened = try ModelBundle(path: Self.bundle)
        #expect(opened.config.name == "classical")
        #expect(opened.config.trained)
        #expect(opened.config.sampleRateHz == 22_050)
        #expect(opened.config.summary.hasPrefix("trained default"))
        #expect(opened.weightBytes <= 30_000_000)
        let labels = try #require(opened.labels.set(version: 2))
        #expect(Set(labels.artists.filter { $0.id > 0 }.map(\.name)).count == 20)
        #expect(
            Set(labels.genres.filter { $0.id > 0 }.map(\.name))
                == ["baroque", "chorale", "folk", "madrigal", "piano", "quartet"])
        #expect(labels.artists.contains { $0.name == "airds" })
        let card = try String(contentsOfFile: Self.bundle + "/MODEL_CARD.md", encoding: .utf8)
        for file in ["vqvae", "prior_level_0", "prior_level_1", "prior_level_2"] {
            let sum = try run("/usr/bin/sha256sum", [Self.bundle + "/\(file).safetensors"])
            let hash = String(sum.stdout.prefix(64))
            #expect(hash.count == 64 && card.contains(hash), "MODEL_CARD.md does not give \(file)'s SHA-256 \(hash)")
        }
    }

    @Test func theDemoPrimerIsInTheModelsRateAndLongEnough() throws {
        let info = try AudioReader.info(path: Self.root.appendingPathComponent("Clients/shell/demo-primer.wav").path)
        #expect(info.sampleRateHz == 22_050)
        #expect(info.channels == 1)
        #expect(abs(Double(info.frames) / 22_050 - 4) < 0.01)
    }
}
