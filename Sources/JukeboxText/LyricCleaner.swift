// Port of jukebox/data/text_processor.py (TextProcessor.clean) @ 08efbbc

/// Cleans lyrics into text the vocabulary can tokenise, as the reference's
/// `TextProcessor.clean` does, and turns lyrics into their full token list.
///
/// Steps, in the reference's order:
/// 1. transliterate to ASCII (``Transliteration``, standing in for `unidecode`);
/// 2. replace every backslash with a newline;
/// 3. delete every character outside the vocabulary (v3 also deletes `+`).
/// Case, spaces, tabs and newlines are kept as they are.
public struct LyricCleaner: Sendable, Equatable {
    /// The vocabulary whose characters survive cleaning.
    public let vocabulary: LyricVocabulary

    /// A cleaner for `vocabulary` (``LyricVocabulary/v2`` or ``LyricVocabulary/v3``).
    public init(vocabulary: LyricVocabulary) {
        self.vocabulary = vocabulary
    }

    /// `text` cleaned: ASCII, backslashes as newlines, only vocabulary characters.
    public func clean(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        for scalar in Transliteration.ascii(text).unicodeScalars {
            let character: Unicode.Scalar = scalar == "\\" ? "\n" : scalar
            if vocabulary.contains(character) { output.append(character) }
        }
        return String(output)
    }

    /// The full token list of `lyrics` (`full_tokens`): cleaned, then tokenised. Never
    /// contains 0; empty lyrics give an empty list.
    public func fullTokens(_ lyrics: String) -> [Int] {
        tokens(ofCleaned: clean(lyrics))
    }

    /// Token ids of text that ``clean(_:)`` produced.
    func tokens(ofCleaned text: String) -> [Int] {
        text.unicodeScalars.map { scalar in
            guard let id = vocabulary.id(of: scalar) else {
                preconditionFailure("cleaned text holds a character outside the vocabulary")
            }
            return id
        }
    }
}
