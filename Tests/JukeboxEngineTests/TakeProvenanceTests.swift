import Foundation
import JukeboxAudio
import JukeboxEngine
import Testing

/// A take's provenance is built from the job's record and fits in the file's comment.
struct TakeProvenanceTests {
    let origin = JobOrigin(model: "tiny", bundleSHA256: String(repeating: "a", count: 64), software: "jukeboxd 0.1.0")

    func record(artist: String, genres: [String]) -> JobRecord {
        let spec = GenerationSpec(
            mode: .continue, artist: artist, genres: genres, lyrics: "la la", seconds: 1, takes: 2, seed: 9,
            source: SourceTake(folder: "/state/jobs/jparent", take: 1))
        return JobRecord(
            spec: spec, bundleIdentity: "tiny", sampleLength: 88_200, songLength: 441_000, offset: 44_100,
            promptLength: 44_100, origin: origin)
    }

    @Test func theRecordNamesTheSettingsTheTimingAndTheParent() throws {
        let provenance = TakeProvenance(
            record: record(artist: "demo_band", genres: ["rock"]), origin: origin, folder: JobFolder("/nonexistent"),
            take: 1, level: 0, sampleRateHz: 44_100)
        #expect(provenance.parentJob == "jparent" && provenance.parentTake == 1)
        #expect(provenance.songOffsetS == 1 && provenance.songLengthS == 10 && provenance.durationS == 2)
        #expect(provenance.lyricsSHA256?.count == 64 && provenance.primerSHA256 == nil)
        #expect(provenance.embeddedJSON == provenance.json)
        let decoded = try JSONDecoder().decode(TakeProvenance.self, from: Data(provenance.json.utf8))
        #expect(decoded == provenance)
    }

    @Test func labelsTooLongForAWAVCommentStayInTheSidecarOnly() throws {
        let long = String(repeating: "x", count: 256)
        let provenance = TakeProvenance(
            record: record(artist: long, genres: Array(repeating: long, count: 5)), origin: origin,
            folder: JobFolder("/nonexistent"), take: 0, level: 0, sampleRateHz: 44_100)
        #expect(provenance.json.utf8.count >= AudioTags.maxBytes)
        #expect(provenance.embeddedJSON.utf8.count < AudioTags.maxBytes)
        let embedded = try JSONDecoder().decode(TakeProvenance.self, from: Data(provenance.embeddedJSON.utf8))
        #expect(embedded.labelsOmitted == true && embedded.artist == nil && embedded.seed == 9)
        // The tags it makes are accepted by the writer, so the take is still written.
        _ = try AudioWriter.encode(
            AudioBuffer(samples: [0, 0.5], channels: 1, sampleRateHz: 44_100), format: .wav(.pcm16),
            tags: provenance.tags)
    }
}
