import JukeboxClient
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Test func writingReplacesTheFileAndLeavesNothingElse() throws {
    let folder = temporaryFolder()
    defer { removeFolder(folder) }
    try FileIO.writeAtomically(Array("old".utf8), to: folder + "/x.wav")
    try FileIO.writeAtomically(Array("new".utf8), to: folder + "/x.wav")
    #expect(try FileIO.read(folder + "/x.wav") == Array("new".utf8))
    #expect(files(in: folder) == ["x.wav"])
}

@Test func aMissingFolderCannotBeWritten() {
    #expect(throws: ClientError.cannotWrite(path: "/nonexistent-folder/x.wav", call: "open", errno: ENOENT)) {
        try FileIO.writeAtomically([1], to: "/nonexistent-folder/x.wav")
    }
}

@Test func aMissingInputIsNoInput() {
    do {
        _ = try FileIO.read("/nonexistent-folder/primer.wav")
        Issue.record("read a missing file")
    } catch {
        #expect(error == .cannotRead(path: "/nonexistent-folder/primer.wav", call: "open", errno: ENOENT))
        #expect(error.exitStatus == 66)
    }
}

@Test func relativePathsAreMadeAbsolute() throws {
    #expect(try FileIO.absolute("/x/y.wav") == "/x/y.wav")
    let made = try FileIO.absolute("./y.wav")
    #expect(made.hasPrefix("/") && made.hasSuffix("/y.wav") && !made.contains("./"))
}
