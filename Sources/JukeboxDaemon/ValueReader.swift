/// Reads the values of configuration keys and flags.
enum ValueReader {
    /// An absolute path, without NUL or newline characters.
    static func absolutePath(_ text: String) throws(ValueError) -> String {
        guard text.hasPrefix("/"), !text.contains("\0"), !text.contains("\n") else {
            throw ValueError("expected an absolute path")
        }
        return text
    }

    /// A decimal integer within `range`.
    static func integer(_ text: String, in range: ClosedRange<Int>) throws(ValueError) -> Int {
        guard !text.isEmpty, text.utf8.allSatisfy(isDigit), let value = Int(text), range.contains(value) else {
            throw ValueError("expected a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A decimal number of seconds `x` with `0 < x <= limit`, such as `90` or `12.5`.
    static func seconds(_ text: String, upTo limit: Double) throws(ValueError) -> Double {
        let digitsAndPoint = text.utf8.allSatisfy { isDigit($0) || $0 == UInt8(ascii: ".") }
        guard !text.isEmpty, digitsAndPoint, let value = Double(text), value > 0, value <= limit else {
            throw ValueError("expected a number of seconds above 0 and at most \(Int(limit)), such as 90 or 12.5")
        }
        return value
    }

    /// A size in bytes within `range`: a whole number, optionally followed by a binary unit
    /// `K`, `M`, `G` or `T` (also `KiB`, `MiB`, `GiB`, `TiB`; any case), as `512M` or `12G`.
    static func size(_ text: String, in range: ClosedRange<Int>) throws(ValueError) -> Int {
        let message =
            "expected a size from \(format(range.lowerBound)) to \(format(range.upperBound)), such as 512M or 12G"
        let utf8 = Array(text.utf8)
        let digitCount = utf8.prefix(while: isDigit).count
        let unit = String(decoding: utf8[digitCount...], as: UTF8.self).lowercased()
        let shifts = ["": 0, "k": 10, "m": 20, "g": 30, "t": 40, "kib": 10, "mib": 20, "gib": 30, "tib": 40]
        guard digitCount > 0, let shift = shifts[unit],
            let number = Int(String(decoding: utf8[..<digitCount], as: UTF8.self)),
            number <= Int.max >> shift, range.contains(number << shift)
        else { throw ValueError(message) }
        return number << shift
    }

    /// `bytes` in the largest binary unit that divides it (`64M`), for messages.
    static func format(_ bytes: Int) -> String {
        for (shift, unit) in [(40, "T"), (30, "G"), (20, "M"), (10, "K")] where bytes >= 1 << shift {
            if bytes % (1 << shift) == 0 { return "\(bytes >> shift)\(unit)" }
        }
        return "\(bytes)"
    }

    /// Whether `b` is an ASCII digit.
    static func isDigit(_ b: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
    }
}
