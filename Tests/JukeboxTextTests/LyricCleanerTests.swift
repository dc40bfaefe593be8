import JukeboxTestSupport
import JukeboxText
import Testing

@Suite struct LyricCleanerTests {
    /// Every `text_cases` entry: clean, tokenise and textise exactly as the reference.
    @Test func goldenTextCases() throws {
        let cases = try Golden.textCases("text_cases")
        #expect(cases.count == 28)
        for entry in cases {
            let input = try #require(entry["input"] as? String)
            let v3 = try #require(entry["v3"] as? Bool)
            let vocabulary = v3 ? LyricVocabulary.v3 : LyricVocabulary.v2
            let cleaner = LyricCleaner(vocabulary: vocabulary)
            #expect(vocabulary.size == entry["n_vocab"] as? Int)
            let cleaned = cleaner.clean(input)
            #expect(
                cleaned.unicodeScalars.elementsEqual((entry["cleaned"] as? String ?? "").unicodeScalars),
                "clean(\(input.debugDescription))")
            let tokens = try vocabulary.tokenise(cleaned)
            #expect(tokens == ints(entry["tokens"]), "tokens of \(input.debugDescription)")
            #expect(cleaner.fullTokens(input) == tokens)
            #expect(try vocabulary.detokenise(tokens) == entry["textise"] as? String)
        }
    }

    @Test func emptyLyricsGiveNoTokens() {
        #expect(LyricCleaner(vocabulary: .v2).clean("") == "")
        #expect(LyricCleaner(vocabulary: .v3).fullTokens("").isEmpty)
        #expect(LyricCleaner(vocabulary: .v3).fullTokens("🎵🎶 ♪ 中文") == [76, 76])
    }

    @Test func backslashBecomesNewlineAfterTransliteration() {
        let cleaner = LyricCleaner(vocabulary: .v3)
        #expect(cleaner.clean("a\\b") == "a\nb")
        // An arrow transliterates to a backslash, which then becomes a newline, as in the reference.
        #expect(cleaner.clean("x\u{2198}y") == "x\ny")
    }

    @Test func outOfVocabularyRunsAreDeletedAndCaseIsKept() {
        #expect(LyricCleaner(vocabulary: .v2).clean("A+B=C_d@e") == "A+BCde")
        #expect(LyricCleaner(vocabulary: .v3).clean("A+B=C_d@e") == "ABCde")
        #expect(LyricCleaner(vocabulary: .v3).clean("line\r\nnext") == "line\nnext")
    }

    @Test func cleaningIsIdempotentAndStaysInTheVocabulary() throws {
        let cleaner = LyricCleaner(vocabulary: .v3)
        let messy =
            "Ça va? «Très bien» — ½ · “quoted” ‘x’ … ß Ø ĳ Ŋ Привет Ελλάδα ＡＢ ﬁ \u{200E}\u{FEFF}\\end"
        let once = cleaner.clean(messy)
        #expect(cleaner.clean(once) == once)
        #expect(try LyricVocabulary.v3.tokenise(once).count == once.unicodeScalars.count)
    }

    @Test func veryLongLyricsKeepEveryCharacter() {
        let verse = "Na na na, hey hey, goodbye\n"
        let long = String(repeating: verse, count: 2_000)
        let tokens = LyricCleaner(vocabulary: .v2).fullTokens(long)
        #expect(tokens.count == verse.unicodeScalars.count * 2_000)
        #expect(!tokens.contains(0))
    }
}
