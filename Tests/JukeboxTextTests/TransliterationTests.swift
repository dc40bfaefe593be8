import JukeboxText
import Testing

@Suite struct TransliterationTests {
    @Test func asciiIsUnchanged() {
        let ascii = String((0..<128).map { Character(Unicode.Scalar(UInt8($0))) })
        #expect(Transliteration.ascii(ascii) == ascii)
    }

    @Test(arguments: [
        ("é", "e"), ("Ñ", "N"), ("ü", "u"), ("Å", "A"), ("ç", "c"), ("ő", "o"), ("ș", "s"), ("ţ", "t"),
        ("ß", "ss"), ("æ", "ae"), ("Æ", "AE"), ("ø", "o"), ("Œ", "OE"), ("œ", "oe"), ("ł", "l"), ("Đ", "D"),
        ("ð", "d"), ("þ", "th"), ("ı", "i"), ("ĳ", "ij"), ("ẞ", "Ss"),
        ("\u{201C}", "\""), ("\u{201D}", "\""), ("\u{2018}", "'"), ("\u{2019}", "'"), ("\u{201E}", ",,"),
        ("\u{2013}", "-"), ("\u{2014}", "--"), ("\u{2026}", "..."), ("\u{00A0}", " "), ("\u{2009}", " "),
        ("«", "<<"), ("»", ">>"), ("¿", "?"), ("¡", "!"), ("½", " 1/2 "), ("©", "(c)"), ("€", "EUR"),
        ("ﬁ", "fi"), ("Ａ", "A"), ("²", "2"), ("ʼ", "'"),
        ("Ж", "Zh"), ("щ", "shch"), ("Ё", "Io"), ("ъ", "'"), ("Ї", "Yi"), ("λ", "l"), ("Ω", "O"), ("ά", "a"),
    ])
    func mapsLikeTheReference(input: String, expected: String) {
        #expect(Transliteration.ascii(input) == expected)
    }

    @Test func invisibleMarksAndUnmappedScriptsAreRemoved() {
        // Deliberate difference: no CJK / Arabic / Hebrew romanisation and no emoji names.
        #expect(Transliteration.ascii("a\u{200E}b\u{200F}c\u{FEFF}") == "abc")
        #expect(Transliteration.ascii("中文 😀 שלום مرحبا") == "   ")
        #expect(Transliteration.ascii("e\u{0301}") == "e")
    }

    @Test func outputIsAlwaysASCII() {
        for value in UInt32(0x80)..<UInt32(0x3000) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let ascii = Transliteration.ascii(scalar).unicodeScalars.allSatisfy { $0.isASCII }
            #expect(ascii, "U+\(String(value, radix: 16))")
        }
    }
}
