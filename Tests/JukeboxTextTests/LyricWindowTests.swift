import JukeboxTestSupport
import Testing

@testable import JukeboxText

@Suite struct LyricWindowTests {
    /// `text.json` gives the windows, not the whole lyrics, so the full token list is rebuilt
    /// from them: its length follows from the last window (clamped to end at the last token),
    /// every covered index takes the golden token (overlaps must agree), the rest get a filler.
    static func fullTokens(_ lyrics: String, cases: [[String: Any]]) throws -> [Int] {
        var known: [Int: Int] = [:]
        for entry in cases where entry["lyrics"] as? String == lyrics {
            for path in ["python_int_path", "tensor_float32_path"] {
                let window = try #require(entry[path] as? [String: Any])
                for (index, token) in zip(ints(window["indices"]), ints(window["tokens"])) where index >= 0 {
                    if let seen = known[index] { #expect(seen == token, "index \(index) disagrees between cases") }
                    known[index] = token
                }
            }
        }
        let length = (known.keys.max() ?? -1) + 1
        return (0..<length).map { known[$0] ?? 1 }
    }

    @Test func goldenWindowCases() throws {
        let cases = try Golden.textCases("lyric_window_cases")
        #expect(cases.count == 10)
        let full = [
            "long": try Self.fullTokens("long", cases: cases), "short": try Self.fullTokens("short", cases: cases),
        ]
        #expect(full["long"]?.count == 672)
        #expect(full["short"]?.count == 11)
        var disagreements = 0
        for entry in cases {
            let lyrics = try #require(entry["lyrics"] as? String)
            let tokens = try #require(full[lyrics])
            let count = try #require(entry["n_tokens"] as? Int)
            let total = try #require(entry["total_length"] as? Int)
            let offset = try #require(entry["offset"] as? Int)
            let duration = try #require(entry["duration"] as? Int)
            for (path, arithmetic) in [
                ("python_int_path", LyricWindow.Arithmetic.float64), ("tensor_float32_path", .float32),
            ] {
                let expected = try #require(entry[path] as? [String: Any])
                let window = try LyricWindow.select(
                    fullTokens: tokens, count: count, totalLength: total, offset: offset, duration: duration,
                    arithmetic: arithmetic)
                #expect(window.indices == ints(expected["indices"]), "\(path) at offset \(offset)")
                #expect(window.tokens == ints(expected["tokens"]), "\(path) at offset \(offset)")
            }
            let agree = try #require(entry["paths_agree"] as? Bool)
            if !agree { disagreements += 1 }
        }
        #expect(disagreements == 2)
    }

    @Test func float32AndFloat64MidpointsDifferWhereTheReferenceDoes() {
        // offset 398331 of the golden cases: float64 gives 37 + 24 = 61, float32 rounds up to 62.
        let f64 = LyricWindow.midpoint(
            length: 672, totalLength: 10_000_000, offset: 398_331, duration: 1_048_576, arithmetic: .float64)
        let f32 = LyricWindow.midpoint(
            length: 672, totalLength: 10_000_000, offset: 398_331, duration: 1_048_576, arithmetic: .float32)
        #expect(f64 == 61)
        #expect(f32 == 62)
    }

    @Test func shortLyricsAreLeftPaddedAtAnyOffset() throws {
        let window = try LyricWindow.select(
            fullTokens: [5, 6, 7], count: 6, totalLength: 100, offset: 500, duration: 10, arithmetic: .float32)
        #expect(window.tokens == [0, 0, 0, 5, 6, 7])
        #expect(window.indices == [-1, -1, -1, 0, 1, 2])
    }

    @Test func emptyLyricsAreAllPadding() throws {
        let window = try LyricWindow.select(
            fullTokens: [], count: 4, totalLength: 100, offset: 0, duration: 10, arithmetic: .float64)
        #expect(window.tokens == [0, 0, 0, 0])
        #expect(window.indices == [-1, -1, -1, -1])
    }

    @Test func lyricsOfExactlyOneWindowAreTakenWhole() throws {
        for offset in [0, 50, 99] {
            let window = try LyricWindow.select(
                fullTokens: [1, 2, 3, 4], count: 4, totalLength: 100, offset: offset, duration: 10, arithmetic: .float32
            )
            #expect(window.tokens == [1, 2, 3, 4])
        }
    }

    @Test func windowsFollowTheSongAndClampAtBothEnds() throws {
        let full = Array(1...1000)
        func start(_ offset: Int) throws -> Int {
            let window = try LyricWindow.select(
                fullTokens: full, count: 10, totalLength: 1000, offset: offset, duration: 100, arithmetic: .float32)
            #expect(window.tokens == window.indices.map { full[$0] })
            return window.indices[0]
        }
        #expect(try start(0) == 45)  // midpoint 50
        #expect(try start(500) == 545)  // midpoint 550
        #expect(try start(999) == 990)  // clamped to end at the last token
        let first = try LyricWindow.select(
            fullTokens: full, count: 10, totalLength: 100_000, offset: 0, duration: 10, arithmetic: .float64)
        #expect(first.indices[0] == 0)  // clamped to start at the first token
    }

    @Test func offsetsOutsideTheSongAreRefused() {
        let full = Array(1...100)
        for offset in [-1, 1000, 1001] {
            let error = textError {
                try LyricWindow.select(
                    fullTokens: full, count: 10, totalLength: 1000, offset: offset, duration: 10, arithmetic: .float64)
            }
            guard case .invalidLyricWindow = error else {
                Issue.record("offset \(offset): \(String(describing: error))")
                continue
            }
        }
    }

    @Test func oddTokenCountsAreRefused() {
        let error = textError {
            try LyricWindow.select(
                fullTokens: Array(1...100), count: 9, totalLength: 1000, offset: 0, duration: 10, arithmetic: .float64)
        }
        guard case .invalidLyricWindow = error else {
            Issue.record("\(String(describing: error))")
            return
        }
    }
}
