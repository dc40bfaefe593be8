import JukeboxClient
import Testing

@Test func oneTakeWritesTheOutputItself() {
    #expect(TakeFiles.path("song.wav", take: 1, of: 1) == "song.wav")
}

@Test func severalTakesNumberFromOneBeforeTheExtension() {
    #expect(
        (1...3).map { TakeFiles.path("out/song.wav", take: $0, of: 3) } == [
            "out/song-1.wav", "out/song-2.wav", "out/song-3.wav",
        ])
    #expect(TakeFiles.path("/a.b/song.take.flac", take: 2, of: 2) == "/a.b/song.take-2.flac")
}

@Test func aNameWithoutExtensionGetsTheNumberAtItsEnd() {
    #expect(TakeFiles.path("/tmp/my.dir/song", take: 2, of: 2) == "/tmp/my.dir/song-2")
    #expect(TakeFiles.path(".hidden", take: 1, of: 2) == ".hidden-1")
}

@Test func theExtensionChoosesTheFormat() {
    #expect(TakeFiles.format(for: "a.FLAC") == .flac)
    #expect(TakeFiles.format(for: "a.wav") == .wav)
    #expect(TakeFiles.format(for: "flac") == .wav)
}
