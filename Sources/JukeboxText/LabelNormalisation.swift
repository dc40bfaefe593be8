// Port of jukebox/data/artist_genre_processor.py (norm) @ 08efbbc

/// How the reference turns a user's artist or genre name into a table key.
public enum LabelNormalisation {
    /// Python's `str.lower()`: full Unicode lower-case mapping per scalar, with capital sigma
    /// becoming final sigma (ς) at the end of a word, as CPython does.
    ///
    /// Linear in the text: the scalars are collected in an array and made a string once (the
    /// final-sigma test looks past case-ignorable runs, which stay short in real names).
    public static func lowercased(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(scalars.count)
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\u{03A3}" && isFinalSigma(scalars, at: index) {
                output.append("\u{03C2}")
            } else if scalar.isASCII {
                output.append(("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32)! : scalar)
            } else {
                output.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: output)
        return String(view)
    }

    /// v2's `norm()`: lower case, every scalar outside [a-zA-Z0-9] replaced by `_`, runs of
    /// `_` collapsed to one, leading and trailing `_` removed. "Mötley Crüe" → "m_tley_cr_e".
    public static func norm(_ text: String) -> String {
        var output: [UInt8] = []  // only ASCII letters, digits and '_' remain
        for scalar in lowercased(text).unicodeScalars {
            let keep = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            let next = keep ? UInt8(scalar.value) : UInt8(ascii: "_")
            if next == UInt8(ascii: "_") && output.last == UInt8(ascii: "_") { continue }
            output.append(next)
        }
        let start = output.firstIndex { $0 != UInt8(ascii: "_") } ?? output.endIndex
        let end = (output.lastIndex { $0 != UInt8(ascii: "_") }).map { $0 + 1 } ?? start
        return String(decoding: output[start..<max(start, end)], as: UTF8.self)
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
