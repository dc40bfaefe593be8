// Port of jukebox/data/text_processor.py (TextProcessor.clean: the unidecode step) @ 08efbbc
//
// Our own table, written by hand for the characters that compatibility decomposition
// (NFKD) gets wrong or does not cover: Latin-1 symbols, Latin letters without a
// decomposition (ß, æ, ø, ł, ...), typographic punctuation, and basic Cyrillic. Everything
// else goes through NFKD with the combining marks removed (see Transliteration.swift).

extension Transliteration {
    /// Scalar value -> ASCII replacement. An empty string deletes the character.
    static let table: [UInt32: String] = latin1.merging(latinExtended) { a, _ in a }
        .merging(punctuation) { a, _ in a }
        .merging(greek) { a, _ in a }
        .merging(cyrillic) { a, _ in a }

    /// U+00A0 ... U+00FF where NFKD alone would not give the reference's result.
    private static let latin1: [UInt32: String] = [
        0xA0: " ", 0xA1: "!", 0xA2: "C/", 0xA3: "PS", 0xA4: "$?", 0xA5: "Y=", 0xA6: "|", 0xA7: "SS",
        0xA8: "\"", 0xA9: "(c)", 0xAA: "a", 0xAB: "<<", 0xAC: "!", 0xAD: "", 0xAE: "(r)", 0xAF: "-",
        0xB0: "deg", 0xB1: "+-", 0xB2: "2", 0xB3: "3", 0xB4: "'", 0xB5: "u", 0xB6: "P", 0xB7: "*",
        0xB8: ",", 0xB9: "1", 0xBA: "o", 0xBB: ">>", 0xBC: " 1/4 ", 0xBD: " 1/2 ", 0xBE: " 3/4 ", 0xBF: "?",
        0xC6: "AE", 0xD0: "D", 0xD7: "x", 0xD8: "O", 0xDE: "Th", 0xDF: "ss",
        0xE6: "ae", 0xF0: "d", 0xF7: "/", 0xF8: "o", 0xFE: "th",
    ]

    /// Latin Extended-A/B letters with no (or a misleading) decomposition.
    private static let latinExtended: [UInt32: String] = [
        0x110: "D", 0x111: "d", 0x126: "H", 0x127: "h", 0x131: "i", 0x132: "IJ", 0x133: "ij",
        0x138: "k", 0x13F: "L", 0x140: "l", 0x141: "L", 0x142: "l", 0x149: "'n",
        // Ŋ and ŋ come out with swapped case in the reference's unidecode; kept that way.
        0x14A: "ng", 0x14B: "NG", 0x152: "OE", 0x153: "oe", 0x166: "T", 0x167: "t", 0x17F: "s",
        0x180: "b", 0x181: "B", 0x187: "C", 0x188: "c", 0x189: "D", 0x18A: "D", 0x191: "F", 0x192: "f",
        0x197: "I", 0x19A: "l", 0x19D: "N", 0x19E: "n", 0x1A4: "P", 0x1A5: "p", 0x1AB: "t",
        0x1AC: "T", 0x1AD: "t", 0x1AE: "T", 0x1B5: "Z", 0x1B6: "z",
        0x182: "B", 0x183: "b", 0x186: "O", 0x18B: "D", 0x18C: "d", 0x18E: "3", 0x18F: "@", 0x190: "E",
        0x193: "G", 0x194: "G", 0x198: "K", 0x199: "k", 0x19F: "O", 0x1B2: "V", 0x1B3: "Y", 0x1B4: "y",
        0x1B7: "ZH", 0x1DD: "@", 0x1E9E: "Ss",
        0x253: "b", 0x254: "o", 0x257: "d", 0x259: "@", 0x25B: "e", 0x263: "g", 0x272: "n", 0x28B: "v",
        0x292: "Z",
        0x1C4: "DZ", 0x1C5: "Dz", 0x1C6: "dz", 0x1C7: "LJ", 0x1C8: "Lj", 0x1C9: "lj",
        0x1CA: "NJ", 0x1CB: "Nj", 0x1CC: "nj", 0x1E4: "G", 0x1E5: "g",
        0x1F1: "DZ", 0x1F2: "Dz", 0x1F3: "dz", 0x218: "S", 0x219: "s", 0x21A: "T", 0x21B: "t",
        0x2B9: "'", 0x2BA: "\"", 0x2BB: "`", 0x2BC: "'", 0x2BD: "`", 0x2BE: "`", 0x2BF: "'",
        0x2C6: "^", 0x2C7: "V", 0x2C8: "'", 0x2C9: "-", 0x2CA: "/", 0x2CB: "\\", 0x2CC: ",", 0x2CD: "_",
        0x2D0: ":", 0x2D8: "V", 0x2D9: ".", 0x2DA: "@", 0x2DB: ",", 0x2DC: "~", 0x2DD: "\"",
    ]

    /// General punctuation, currency and letter-like symbols.
    private static let punctuation: [UInt32: String] = [
        0x2000: " ", 0x2001: " ", 0x2002: " ", 0x2003: " ", 0x2004: " ", 0x2005: " ", 0x2006: " ",
        0x2007: " ", 0x2008: " ", 0x2009: " ", 0x200A: " ", 0x200B: " ", 0x200C: "", 0x200D: "",
        0x200E: "", 0x200F: "",
        0x2010: "-", 0x2011: "-", 0x2012: "-", 0x2013: "-", 0x2014: "--", 0x2015: "--",
        0x2016: "||", 0x2017: "_", 0x2018: "'", 0x2019: "'", 0x201A: ",", 0x201B: "'",
        0x201C: "\"", 0x201D: "\"", 0x201E: ",,", 0x201F: "\"", 0x2020: "+", 0x2021: "++",
        0x2022: "*", 0x2023: "*>", 0x2024: ".", 0x2025: "..", 0x2026: "...", 0x2027: ".",
        0x2028: "\n", 0x2029: "\n\n", 0x202F: " ", 0x2030: "%0", 0x2031: "%00",
        0x2032: "'", 0x2033: "''", 0x2034: "'''", 0x2035: "`", 0x2036: "``", 0x2037: "```",
        0x2039: "<", 0x203A: ">", 0x203C: "!!", 0x203D: "!?", 0x203E: "-", 0x2043: "--", 0x2044: "/", 0x2047: "??",
        0x2048: "?!", 0x2049: "!?",
        0x205F: " ", 0x2060: "", 0xFEFF: "",
        0x20A3: "FF", 0x20A4: "L", 0x20A6: "N", 0x20A9: "W", 0x20AA: "NS", 0x20AB: "D", 0x20AC: "EUR",
        0x20B1: "P", 0x20B4: "UAH", 0x20B9: "Rs", 0x20BA: "L", 0x20BD: "R", 0x20BF: "BTC",
        0x2100: " a/c ", 0x2101: " a/s ", 0x2103: "", 0x2105: " c/o ", 0x2106: " c/u ", 0x2109: "",
        0x210F: "", 0x2116: "No. ", 0x2120: "(sm)", 0x2122: "(tm)", 0x212E: "e",
        0x2190: "-", 0x2191: "|", 0x2192: "-", 0x2193: "|", 0x2194: "-", 0x2195: "|",
        0x2196: "\\", 0x2197: "/", 0x2198: "\\", 0x2199: "/",
    ]

    /// Basic Greek (U+0391 ... U+03C9); accented letters reach it through NFKD.
    private static let greek: [UInt32: String] = {
        let upper = [
            "A", "B", "G", "D", "E", "Z", "E", "Th", "I", "K", "L", "M", "N", "Ks", "O", "P",
            "R", "", "S", "T", "U", "Ph", "Kh", "Ps", "O",
        ]
        let lower = [
            "a", "b", "g", "d", "e", "z", "e", "th", "i", "k", "l", "m", "n", "x", "o", "p",
            "r", "s", "s", "t", "u", "ph", "kh", "ps", "o",
        ]
        var map: [UInt32: String] = [0x37E: "?", 0x387: ";"]  // Greek question mark and ano teleia
        for (offset, latin) in upper.enumerated() where !latin.isEmpty { map[0x391 + UInt32(offset)] = latin }
        for (offset, latin) in lower.enumerated() { map[0x3B1 + UInt32(offset)] = latin }
        return map
    }()

    /// Basic Cyrillic (U+0400 ... U+045F), the romanisation the reference's lyrics get.
    private static let cyrillic: [UInt32: String] = {
        let upper = [
            "A", "B", "V", "G", "D", "E", "Zh", "Z", "I", "I", "K", "L", "M", "N", "O", "P",
            "R", "S", "T", "U", "F", "Kh", "Ts", "Ch", "Sh", "Shch", "'", "Y", "'", "E", "Iu", "Ia",
        ]
        var map: [UInt32: String] = [0x401: "Io", 0x451: "io"]
        let extra: [UInt32: String] = [
            0x400: "Ie", 0x402: "Dj", 0x403: "Gj", 0x404: "Ie", 0x405: "Dz", 0x406: "I", 0x407: "Yi", 0x408: "J",
            0x409: "Lj", 0x40A: "Nj", 0x40B: "Tsh", 0x40C: "Kj", 0x40F: "Dzh",
        ]
        for (value, latin) in extra {
            map[value] = latin
            map[value + 0x50] = latin.lowercased()
        }
        for (offset, latin) in upper.enumerated() {
            map[0x410 + UInt32(offset)] = latin
            map[0x430 + UInt32(offset)] = latin.lowercased()
        }
        return map
    }()
}
