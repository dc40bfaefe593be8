// Port of jukebox/data/artist_genre_processor.py (norm) @ 08efbbc

/// How the reference turns a user's artist or genre name into a table key.
public enum LabelNormalisation {
    /// Python's `str.lower()`: full Unicode lower-case mapping per scalar, with capital sigma
    /// becoming final sigma (ς) at the end of a word, as CPython does.
    public static func lowercased(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\u{03A3}" && isFinalSigma(scalars, at: index) {
                output.append("\u{03C2}")
            } else {
                output.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(output)
    }

    /// v2's `norm()`: lower case, every scalar outside [a-zA-Z0-9] replaced by `_`, runs of
    /// `_` collapsed to one, leading and trailing `_` removed. "Mötley Crüe" → "m_tley_cr_e".
    public static func norm(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        for scalar in lowercased(text).unicodeScalars {
            let keep = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            let next: Unicode.Scalar = keep ? scalar : "_"
            if next == "_" && output.last == "_" { continue }
            output.append(next)
        }
        var result = Substring(String(output))
        while result.first == "_" { result = result.dropFirst() }
        while result.last == "_" { result = result.dropLast() }
        return String(result)
    }

    /// The key the reference looks an artist up by: `norm(name)` in v2, `name.lower()` in v3.
    public static func artistKey(_ name: String, version: Int) -> String {
        version == 3 ? lowercased(name) : norm(name)
    }

    /// The keys the reference looks a genre up by: v2 splits `norm(genre)` on `_` into words
    /// (an empty genre gives one empty word); v3 uses the whole lower-cased string.
    public static func genreKeys(_ genre: String, version: Int) -> [String] {
        if version == 3 { return [lowercased(genre)] }
        return norm(genre).split(separator: "_", omittingEmptySubsequences: false).map(String.init)
    }

    /// CPython's final-sigma test: a cased letter before (skipping case-ignorable scalars)
    /// and no cased letter after.
    private static func isFinalSigma(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        var before = index - 1
        while before >= 0 && scalars[before].properties.isCaseIgnorable { before -= 1 }
        guard before >= 0 && scalars[before].properties.isCased else { return false }
        var after = index + 1
        while after < scalars.count && scalars[after].properties.isCaseIgnorable { after += 1 }
        return !(after < scalars.count && scalars[after].properties.isCased)
    }
}
