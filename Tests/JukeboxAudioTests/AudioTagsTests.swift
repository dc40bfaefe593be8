import Foundation
import JukeboxAudio
import Testing

/// Text written with the audio (libsndfile's strings) reads back from WAV and FLAC, on disk
/// and in memory, and a string libsndfile could not read back is refused.
struct AudioTagsTests {
    static let formats: [AudioFileFormat] = [.wav(.pcm16), .flac(.pcm16)]
    let audio = AudioBuffer(samples: (0..<4_410).map { Float($0 % 100) / 200 }, channels: 1, sampleRateHz: 22_050)
    // A comment near the limit, with JSON's punctuation and non-ASCII text.
    let tags = AudioTags(
        title: "jukeboxd job j1 take 2 of 3, level 0", software: "jukeboxd 0.1.0",
        comment: #"{"artist":"Sigur Rós","seed":7}"# + String(repeating: "x", count: 1_900))

    @Test(arguments: formats)
    func tagsRoundTripThroughAFile(format: AudioFileFormat) throws {
        let folder = try TemporaryFolder()
        let path = folder.path("tagged.\(format.fileExtension)")
        try AudioWriter.write(audio, to: path, format: format, tags: tags)
        let read = try AudioReader.info(path: path).tags
        #expect(read.title == tags.title && read.comment == tags.comment)
        #expect(read.software?.hasPrefix("jukeboxd 0.1.0") == true)  // libsndfile appends its version
        #expect(try AudioReader.read(path: path).frames == 4_410)
    }

    @Test(arguments: formats)
    func tagsRoundTripInMemory(format: AudioFileFormat) throws {
        let bytes = try AudioWriter.encode(audio, format: format, tags: tags)
        #expect(try AudioReader.info(bytes: bytes).tags.comment == tags.comment)
        #expect(try AudioReader.info(bytes: AudioWriter.encode(audio, format: format)).tags.isEmpty)
    }

    @Test func aTagTooLongToReadBackIsRefused() throws {
        let long = AudioTags(comment: String(repeating: "y", count: AudioTags.maxBytes))
        #expect(throws: AudioError.self) { try AudioWriter.encode(audio, format: .wav(.pcm16), tags: long) }
    }
}
