import JukeboxProtocol
import Testing

/// The events of pushing `chunks` in order, then finishing.
private func frame(_ chunks: [String], limit: Int = 64) -> [FramerEvent] {
    var framer = LineFramer(maxLineBytes: limit)
    var events = chunks.flatMap { framer.push(Array($0.utf8)) }
    if let last = framer.finish() { events.append(last) }
    return events
}

private func line(_ text: String) -> FramerEvent { .line(Array(text.utf8)) }

@Test func aLineSplitAcrossWritesIsJoined() {
    #expect(frame([#"{"op":"st"#, #"atus","#, #""id":1}"#, "\n"]) == [line(#"{"op":"status","id":1}"#)])
}

@Test func manyLinesInOneChunkComeOutInOrder() {
    #expect(frame(["a\nbb\nccc\n"]) == [line("a"), line("bb"), line("ccc")])
}

@Test func byteByByteWritesGiveTheSameLines() {
    let text = "one\r\ntwo\n\nthree\n"
    #expect(frame(text.map { String($0) }) == frame([text]))
    #expect(frame([text]) == [line("one"), line("two"), line("three")])
}

@Test func crlfLosesItsCarriageReturnOnly() {
    #expect(frame(["a\r\n", "b\r", "\n", "c\r\r\n"]) == [line("a"), line("b"), line("c\r")])
}

@Test func emptyLinesAreSkipped() {
    #expect(frame(["\n\n\r\nx\n\n"]) == [line("x")])
}

@Test func aLastLineWithoutNewlineComesOutAtTheEnd() {
    var framer = LineFramer(maxLineBytes: 64)
    #expect(framer.push(Array("a\nb".utf8)) == [line("a")])
    #expect(framer.hasPartialLine)
    #expect(framer.finish() == line("b"))
    #expect(!framer.hasPartialLine)
    #expect(framer.finish() == nil)
}

@Test func aLineOfExactlyTheLimitPasses() {
    let full = String(repeating: "x", count: 16)
    #expect(frame([full + "\n", full + "\r\n"], limit: 16) == [line(full), line(full)])
    #expect(frame([full + "y\n"], limit: 16) == [.oversized(bytes: 17)])
}

@Test func anOversizedLineIsSkippedAndTheStreamResyncs() {
    let long = String(repeating: "z", count: 1000)
    let events = frame(["ok\n", String(long.prefix(300)), String(long.dropFirst(300)), "\nafter\n"], limit: 64)
    #expect(events == [line("ok"), .oversized(bytes: 1000), line("after")])
}

@Test func anOversizedLineInsideOneChunkIsSkipped() {
    let long = String(repeating: "z", count: 200)
    #expect(frame(["a\n" + long + "\nb\n"], limit: 64) == [line("a"), .oversized(bytes: 200), line("b")])
}

@Test func aHugeLineIsSkippedChunkByChunk() {
    // 8 MiB of line through a 1 KiB limit: the framer keeps skipping, reporting nothing until the newline.
    var framer = LineFramer(maxLineBytes: 1024)
    let chunk = [UInt8](repeating: UInt8(ascii: "q"), count: 1 << 18)
    for _ in 0..<32 { #expect(framer.push(chunk).isEmpty) }
    #expect(framer.push(Array("\n{}\n".utf8)) == [.oversized(bytes: 8 << 20), line("{}")])
}

@Test func anOversizedLastLineIsReportedAtTheEnd() {
    #expect(frame([String(repeating: "w", count: 100)], limit: 10) == [.oversized(bytes: 100)])
}
