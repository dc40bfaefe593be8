// Port of jukebox/data/text_processor.py (TextProcessor.clean: `unidecode(text)`) @ 08efbbc

import Foundation

/// Turns any text into ASCII the way the reference's `unidecode` call does for the
/// characters lyrics use.
///
/// Each Unicode scalar is handled on its own, as unidecode does with code points:
/// 1. ASCII stays as it is.
/// 2. A scalar in our hand-written table (`TransliterationTable.swift`) takes the table's
///    replacement: Latin-1 symbols, letters such as ß → ss, æ → ae, ø → o, ł → l,
///    typographic quotes and dashes (— → `--`, “ → `"`), ellipsis, invisible marks
///    (deleted) and basic Cyrillic.
/// 3. Otherwise the scalar's compatibility decomposition (NFKD) is used with its combining
///    marks removed: é → e, Ñ → N, ﬁ → fi, fullwidth Ａ → A, ² → 2. Non-ASCII parts of the
///    decomposition go through the table once more.
/// 4. Anything still not ASCII is removed.
///
/// Differences from unidecode, deliberate: there is no romanisation of CJK, Greek,
/// Arabic, Hebrew, Indic scripts or emoji names; those characters are removed (unidecode
/// would write romanised words). The tables are ours, not unidecode's.
public enum Transliteration {
    /// `text` with every non-ASCII scalar replaced by its ASCII transliteration (possibly
    /// empty). The result contains ASCII only.
    public static func ascii(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                output.append(scalar)
            } else {
                output.append(contentsOf: ascii(scalar).unicodeScalars)
            }
        }
        return String(output)
    }

    /// The ASCII replacement of one scalar; empty when there is none.
    public static func ascii(_ scalar: Unicode.Scalar) -> String {
        if scalar.isASCII { return String(scalar) }
        if let mapped = table[scalar.value] { return mapped }
        let decomposed = String(scalar).decomposedStringWithCompatibilityMapping.unicodeScalars
        if decomposed.count == 1 && decomposed.first == scalar { return "" }
        var result = ""
        for part in decomposed {
            if part.isASCII {
                result.unicodeScalars.append(part)
            } else if part.properties.generalCategory == .nonspacingMark {
                continue
            } else if let mapped = table[part.value] {
                result += mapped
            }
        }
        return result
    }
}
