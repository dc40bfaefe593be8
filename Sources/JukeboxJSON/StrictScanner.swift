// The strict pass over text json-c has already accepted.
//
// json-c 0.16 in strict mode (JSON_TOKENER_STRICT) still accepts things RFC 8259 forbids
// and silently rewrites others; a protocol that reads untrusted lines must not. This pass
// walks the bytes of the value json-c parsed and finds:
//   - NaN, Infinity, -Infinity and sloppy numbers (`01`, `-01`, `1.`, `1.e5`), all accepted;
//   - integers outside Int64, which json-c saturates to Int64.min / UInt64.max;
//   - numbers that overflow Double (`1e400`), which json-c turns into infinity;
//   - raw control characters (U+0000..U+001F) inside strings, accepted as-is;
//   - ill-formed UTF-8 in strings (json-c's JSON_TOKENER_VALIDATE_UTF8 lets overlong forms,
//     encoded surrogates and code points past U+10FFFF through, so it is not used);
//   - `\u` escapes of lone surrogates, which json-c replaces with U+FFFD;
//   - `\u0000` in object keys, which json-c truncates (it keeps keys as C strings);
//   - nesting deeper than the caller's limit (json-c's own depth counts scalars too);
//   - how many members each object has in the text, so the conversion can spot keys that
//     json-c merged (json_object_object_add replaces a repeated key without telling).
// Structure (brackets, commas, colons, string ends) was already checked by json-c, so the
// pass only guards against running off the end rather than re-validating the grammar.

/// What ``StrictScanner/scan(_:maxDepth:)`` learned about the objects in the text.
struct StrictScanResult {
    /// The number of members written in each object, objects in order of their `{`.
    var memberCounts: [Int] = []
    /// The byte offset of each object's `{`, in the same order.
    var objectOffsets: [Int] = []
}

/// The strict pass; see the comment at the top of this file.
enum StrictScanner {
    /// Walks `text`, a complete value json-c accepted (no trailing bytes).
    ///
    /// - Parameters:
    ///   - text: The bytes of the value.
    ///   - maxDepth: The deepest nesting of arrays and objects allowed.
    /// - Returns: Member counts per object, for duplicate-key detection.
    /// - Throws: ``JSONError`` for anything RFC 8259 or this module forbids.
    static func scan(_ text: UnsafeBufferPointer<UInt8>, maxDepth: Int) throws(JSONError) -> StrictScanResult {
        var result = StrictScanResult()
        var open: [Int] = []  // per open container: index into memberCounts, or -1 for an array
        var lastKeyStart = -1  // start of the last string if it held \u0000, else -1
        var i = 0
        while i < text.count {
            switch text[i] {
            case UInt8(ascii: "\""):
                var hadNUL = false
                let start = i
                i = try scanString(text, from: i, hadNUL: &hadNUL)
                lastKeyStart = hadNUL ? start : -1
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard open.count < maxDepth else { throw .tooDeep(limit: maxDepth, offset: i) }
                if text[i] == UInt8(ascii: "{") {
                    open.append(result.memberCounts.count)
                    result.memberCounts.append(0)
                    result.objectOffsets.append(i)
                } else {
                    open.append(-1)
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard open.popLast() != nil else { throw .malformed(message: "unbalanced bracket", offset: i) }
            case UInt8(ascii: ":"):
                if lastKeyStart >= 0 {
                    let message = "object key contains \\u0000, which is not supported"
                    throw .malformed(message: message, offset: lastKeyStart)
                }
                if let object = open.last, object >= 0 { result.memberCounts[object] += 1 }
            case UInt8(ascii: ","), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                break
            default:
                i = try scanBareToken(text, from: i)
                continue
            }
            i += 1
        }
        return result
    }

    /// Checks the string whose opening quote is at `start`; returns the offset after its closing quote.
    /// Sets `hadNUL` when the string holds a `\u0000` escape.
    private static func scanString(
        _ text: UnsafeBufferPointer<UInt8>, from start: Int, hadNUL: inout Bool
    ) throws(JSONError) -> Int {
        var i = start + 1
        while i < text.count {
            let b = text[i]
            if b >= 0x80 {
                i = try scanUTF8Sequence(text, at: i)
            } else if b == UInt8(ascii: "\"") {
                return i + 1
            } else if b == UInt8(ascii: "\\") {
                i = try scanEscape(text, at: i, hadNUL: &hadNUL)
            } else if b < 0x20 {
                throw .malformed(message: "unescaped control character \(hex(b)) in string", offset: i)
            } else {
                i += 1
            }
        }
        throw .malformed(message: "unterminated string", offset: start)
    }

    /// Checks the escape whose backslash is at `i`; returns the offset after it.
    private static func scanEscape(
        _ text: UnsafeBufferPointer<UInt8>, at i: Int, hadNUL: inout Bool
    ) throws(JSONError) -> Int {
        guard i + 1 < text.count else { throw .malformed(message: "unterminated escape", offset: i) }
        switch text[i + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return i + 2
        case UInt8(ascii: "u"):
            guard let unit = hex4(text, at: i + 2) else {
                throw .malformed(message: "\\u must be followed by four hex digits", offset: i)
            }
            switch unit {
            case 0:
                hadNUL = true
                return i + 6
            case 0xD800...0xDBFF:
                guard i + 7 < text.count, text[i + 6] == UInt8(ascii: "\\"), text[i + 7] == UInt8(ascii: "u"),
                    let low = hex4(text, at: i + 8), (0xDC00...0xDFFF).contains(low)
                else { throw .notUTF8(offset: i) }
                return i + 12
            case 0xDC00...0xDFFF:
                throw .notUTF8(offset: i)
            default:
                return i + 6
            }
        default:
            throw .malformed(message: "invalid escape in string", offset: i)
        }
    }

    /// The UTF-16 code unit written as four hex digits at `i`, or nil.
    private static func hex4(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt16? {
        guard i + 4 <= text.count else { return nil }
        var unit: UInt16 = 0
        for b in text[i..<i + 4] {
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: return nil
            }
            unit = unit << 4 | UInt16(digit)
        }
        return unit
    }

    /// Checks the multi-byte UTF-8 sequence starting at `i` (Unicode Table 3-7, well-formed
    /// byte sequences); returns the offset after it.
    private static func scanUTF8Sequence(_ text: UnsafeBufferPointer<UInt8>, at i: Int) throws(JSONError) -> Int {
        let lead = text[i]
        let (length, second): (Int, ClosedRange<UInt8>)
        switch lead {
        case 0xC2...0xDF: (length, second) = (2, 0x80...0xBF)
        case 0xE0: (length, second) = (3, 0xA0...0xBF)  // no overlong forms
        case 0xE1...0xEC, 0xEE...0xEF: (length, second) = (3, 0x80...0xBF)
        case 0xED: (length, second) = (3, 0x80...0x9F)  // no UTF-16 surrogates
        case 0xF0: (length, second) = (4, 0x90...0xBF)  // no overlong forms
        case 0xF1...0xF3: (length, second) = (4, 0x80...0xBF)
        case 0xF4: (length, second) = (4, 0x80...0x8F)  // nothing past U+10FFFF
        default: throw .notUTF8(offset: i)
        }
        guard i + length <= text.count, second.contains(text[i + 1]) else { throw .notUTF8(offset: i) }
        for k in 2..<length where !(0x80...0xBF).contains(text[i + k]) {
            throw .notUTF8(offset: i)
        }
        return i + length
    }

    /// Checks the literal or number starting at `start`; returns the offset after it.
    private static func scanBareToken(_ text: UnsafeBufferPointer<UInt8>, from start: Int) throws(JSONError) -> Int {
        var end = start
        while end < text.count, !isDelimiter(text[end]) { end += 1 }
        let token = UnsafeBufferPointer(rebasing: text[start..<end])
        if token.elementsEqual("true".utf8) || token.elementsEqual("false".utf8) || token.elementsEqual("null".utf8) {
            return end
        }
        try checkNumber(token, offset: start)
        return end
    }

    /// Checks `token` against RFC 8259's number grammar and ``JSONValue``'s ranges.
    private static func checkNumber(_ token: UnsafeBufferPointer<UInt8>, offset: Int) throws(JSONError) {
        let literal = String(decoding: token.prefix(64), as: UTF8.self)
        func isDigit(_ j: Int) -> Bool { j < token.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(token[j]) }
        func invalid() -> JSONError {
            if literal.contains("NaN") || literal.contains("Infinity") {
                return .malformed(message: "NaN and Infinity are not JSON numbers", offset: offset)
            }
            return .malformed(message: "invalid number or literal '\(literal)'", offset: offset)
        }

        var j = 0
        if j < token.count, token[j] == UInt8(ascii: "-") { j += 1 }
        let firstDigit = j
        guard isDigit(j) else { throw invalid() }
        if token[j] == UInt8(ascii: "0") {
            j += 1
            guard !isDigit(j) else {
                throw .malformed(message: "number '\(literal)' has a leading zero", offset: offset)
            }
        } else {
            while isDigit(j) { j += 1 }
        }
        let integerDigits = j - firstDigit
        var isInteger = true
        var hasExponent = false
        if j < token.count, token[j] == UInt8(ascii: ".") {
            isInteger = false
            j += 1
            guard isDigit(j) else { throw invalid() }
            while isDigit(j) { j += 1 }
        }
        if j < token.count, token[j] == UInt8(ascii: "e") || token[j] == UInt8(ascii: "E") {
            isInteger = false
            hasExponent = true
            j += 1
            if j < token.count, token[j] == UInt8(ascii: "+") || token[j] == UInt8(ascii: "-") { j += 1 }
            guard isDigit(j) else { throw invalid() }
            while isDigit(j) { j += 1 }
        }
        guard j == token.count else { throw invalid() }

        // Only long literals can leave the range, so the common case does no conversion.
        if isInteger, integerDigits >= 19, Int64(String(decoding: token, as: UTF8.self)) == nil {
            throw .numberOutOfRange(literal: literal, offset: offset)
        }
        if !isInteger, hasExponent || integerDigits > 308,
            !(Double(String(decoding: token, as: UTF8.self))?.isFinite ?? false)
        {
            throw .numberOutOfRange(literal: literal, offset: offset)
        }
    }

    /// Bytes that end a literal or number: structure, whitespace and quotes.
    private static func isDelimiter(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: ","),
            UInt8(ascii: ":"), UInt8(ascii: "\""), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"),
            UInt8(ascii: "\r"):
            return true
        default:
            return false
        }
    }

    /// `U+00XX` for a control byte.
    private static func hex(_ b: UInt8) -> String {
        let digits = String(b, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: 4 - digits.count) + digits
    }
}
