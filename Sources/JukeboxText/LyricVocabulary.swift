// Port of jukebox/data/text_processor.py (TextProcessor: vocab, tokenise, textise) @ 08efbbc

import JukeboxWeights

/// The lyric characters of one label version and their token ids.
///
/// Id 0 is the unknown/padding token (it decodes to the empty string); the characters of
/// ``characters`` get ids 1, 2, ... in order. v2 (5b_lyrics) has 79 characters, n_vocab 80;
/// v3 (1b_lyrics) drops `+`: 78 characters, n_vocab 79. Case is kept.
public struct LyricVocabulary: Sendable, Equatable {
    /// The characters of ids 1, 2, ... in order.
    public let characters: [Unicode.Scalar]
    /// Id of each character, indexed by scalar value (ASCII only; 0 = not in the vocabulary).
    private let idOfASCII: [Int]

    /// A vocabulary of `characters` (ids 1, 2, ... in order).
    /// - Precondition: the characters are distinct ASCII scalars.
    public init(characters: String) {
        let scalars = Array(characters.unicodeScalars)
        var ids = [Int](repeating: 0, count: 128)
        for (index, scalar) in scalars.enumerated() {
            precondition(scalar.isASCII, "lyric vocabulary characters must be ASCII")
            precondition(ids[Int(scalar.value)] == 0, "lyric vocabulary repeats '\(scalar)'")
            ids[Int(scalar.value)] = index + 1
        }
        self.characters = scalars
        self.idOfASCII = ids
    }

    /// The vocabulary a label set carries (`LabelSet.lyricVocabulary`).
    public init(labels: LabelSet) {
        self.init(characters: labels.lyricVocabulary)
    }

    /// The v2 vocabulary (`TextProcessor(v3=False)`), n_vocab 80.
    public static let v2 = LyricVocabulary(characters: LabelSet.v2Vocabulary)
    /// The v3 vocabulary (`TextProcessor(v3=True)`), n_vocab 79.
    public static let v3 = LyricVocabulary(characters: LabelSet.v3Vocabulary)

    /// Number of token ids including the unknown token 0 (`n_vocab`).
    public var size: Int { characters.count + 1 }

    /// The id of `scalar`, or nil when the vocabulary lacks it.
    public func id(of scalar: Unicode.Scalar) -> Int? {
        guard scalar.isASCII else { return nil }
        let id = idOfASCII[Int(scalar.value)]
        return id == 0 ? nil : id
    }

    /// Whether `scalar` has a token id.
    public func contains(_ scalar: Unicode.Scalar) -> Bool { id(of: scalar) != nil }

    /// Token ids of cleaned text, one per Unicode scalar (`TextProcessor.tokenise`).
    /// - Parameter cleanedText: text made of vocabulary characters only (see ``LyricCleaner``).
    /// - Throws: ``TextError/notInVocabulary(character:)`` naming the first character without an id.
    public func tokenise(_ cleanedText: String) throws(TextError) -> [Int] {
        var tokens: [Int] = []
        tokens.reserveCapacity(cleanedText.unicodeScalars.count)
        for scalar in cleanedText.unicodeScalars {
            guard let id = id(of: scalar) else { throw TextError.notInVocabulary(character: String(scalar)) }
            tokens.append(id)
        }
        return tokens
    }

    /// The text of token ids (`TextProcessor.textise`); id 0 decodes to the empty string.
    /// - Throws: ``TextError/invalidLyricToken(token:vocabularySize:)`` for an id outside
    ///   0 ..< ``size``.
    public func detokenise(_ tokens: [Int]) throws(TextError) -> String {
        var text = String.UnicodeScalarView()
        for token in tokens {
            guard token >= 0 && token < size else {
                throw TextError.invalidLyricToken(token: token, vocabularySize: size)
            }
            if token > 0 { text.append(characters[token - 1]) }
        }
        return String(text)
    }
}
