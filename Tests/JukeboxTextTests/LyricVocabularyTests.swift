import JukeboxTestSupport
import JukeboxText
import JukeboxWeights
import Testing

@Suite struct LyricVocabularyTests {
    @Test(arguments: [2, 3]) func idsMatchTheReferenceVocabulary(version: Int) throws {
        let expected = try #require(Golden.text["vocab_v\(version)"] as? [String: Int])
        let vocabulary = version == 3 ? LyricVocabulary.v3 : LyricVocabulary.v2
        #expect(vocabulary.size == expected.count)
        #expect(vocabulary.size == (version == 3 ? 79 : 80))
        for (character, id) in expected where character != "<unk>" {
            let scalar = try #require(character.unicodeScalars.first)
            #expect(vocabulary.id(of: scalar) == id, "'\(character)'")
        }
        #expect(expected["<unk>"] == 0)
    }

    @Test func labelSetCarriesTheSameVocabulary() throws {
        #expect(LyricVocabulary(labels: try Golden.madeUpLabels(version: 3)) == .v3)
        #expect(LyricVocabulary(labels: try Golden.madeUpLabels(version: 2)) == .v2)
    }

    @Test func plusExistsOnlyInVersion2() {
        #expect(LyricVocabulary.v2.id(of: "+") == 70)
        #expect(LyricVocabulary.v3.id(of: "+") == nil)
        #expect(LyricVocabulary.v3.id(of: "'") == 70)
        #expect(LyricVocabulary.v2.id(of: "é") == nil)
    }

    @Test func tokeniseAndDetokeniseRoundTrip() throws {
        let text = "Hey Jude, don't [make] it \"bad\"!\n\t(1-2-3)?"
        for vocabulary in [LyricVocabulary.v2, .v3] {
            let tokens = try vocabulary.tokenise(text)
            #expect(tokens.count == text.unicodeScalars.count)
            #expect(!tokens.contains(0))
            #expect(try vocabulary.detokenise(tokens) == text)
        }
    }

    @Test func paddingDecodesToNothing() throws {
        #expect(try LyricVocabulary.v2.detokenise([0, 0, 8, 0, 9]) == "HI")
        #expect(try LyricVocabulary.v2.detokenise([]) == "")
    }

    @Test func tokeniseRejectsUncleanedText() {
        #expect(textError { try LyricVocabulary.v3.tokenise("a+b") } == .notInVocabulary(character: "+"))
        #expect(textError { try LyricVocabulary.v2.tokenise("café") } == .notInVocabulary(character: "é"))
    }

    @Test func detokeniseRejectsIdsOutsideTheVocabulary() throws {
        #expect(
            textError { try LyricVocabulary.v3.detokenise([1, 79]) }
                == .invalidLyricToken(token: 79, vocabularySize: 79))
        #expect(
            textError { try LyricVocabulary.v2.detokenise([-1]) } == .invalidLyricToken(token: -1, vocabularySize: 80))
        #expect(try LyricVocabulary.v2.detokenise([79]) == "\n")
    }
}
