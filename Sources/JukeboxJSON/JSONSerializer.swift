// Writing JSON text. This is plain Swift rather than json-c: building a json-c tree only to
// print it would copy every string twice more, and json-c escapes "/" by default.

extension JSONValue {
    /// The compact JSON text of this value, on one line.
    ///
    /// - No whitespace between tokens; object keys in their stored order.
    /// - Strings escape `"`, `\` and every control character below U+0020 (`\n`, `\r`, `\t`,
    ///   `\b`, `\f`, else `\u00XX`), so the text never holds a raw newline and is safe for
    ///   newline-delimited framing. Everything else, `/` and non-ASCII included, is written
    ///   as raw UTF-8. U+0000 is written as `\u0000`.
    /// - ``integer(_:)`` is written in decimal; ``number(_:)`` in the shortest form that reads
    ///   back to the same `Double` (Swift's `description`), which always has a fraction or an
    ///   exponent: `1.0`, `-0.0`, `0.1`, `1e+300`, `5e-324`. Reading the text back therefore
    ///   gives `.number` again, not `.integer`.
    /// - A non-finite ``number(_:)`` (NaN, ±infinity) has no JSON form and is written as `null`.
    ///
    /// `JSONParser` reads the text back to an equal value.
    public func serialized() -> String {
        String(decoding: serializedBytes(), as: UTF8.self)
    }

    /// The UTF-8 bytes of ``serialized()``, without a trailing newline.
    public func serializedBytes() -> [UInt8] {
        var writer = JSONWriter()
        writer.write(self)
        return writer.bytes
    }
}

/// Appends JSON text to a byte array; see ``JSONValue/serialized()`` for the format.
struct JSONWriter {
    /// The text written so far.
    var bytes: [UInt8] = []

    /// Lower-case hex digits for `\u00XX` escapes.
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `value`.
    mutating func write(_ value: JSONValue) {
        switch value {
        case .null:
            bytes.append(contentsOf: "null".utf8)
        case .bool(let b):
            bytes.append(contentsOf: (b ? "true" : "false").utf8)
        case .integer(let i):
            bytes.append(contentsOf: String(i).utf8)
        case .number(let d):
            bytes.append(contentsOf: (d.isFinite ? d.description : "null").utf8)
        case .string(let s):
            write(string: s)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                write(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            for (i, member) in object.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                write(string: member.key)
                bytes.append(UInt8(ascii: ":"))
                write(member.value)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Appends `string` quoted and escaped.
    mutating func write(string: String) {
        bytes.append(UInt8(ascii: "\""))
        let done: Void? = string.utf8.withContiguousStorageIfAvailable { utf8 in writeEscaped(utf8) }
        if done == nil {
            Array(string.utf8).withUnsafeBufferPointer { utf8 in writeEscaped(utf8) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends the UTF-8 `utf8` with JSON escapes, copying unescaped runs in bulk.
    private mutating func writeEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        if utf8.count > 1 << 16 {
            // One large string (base64 audio): reserve once instead of growing repeatedly.
            bytes.reserveCapacity(bytes.count + utf8.count + utf8.count / 16 + 64)
        }
        var runStart = 0
        for i in 0..<utf8.count {
            let b = utf8[i]
            guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
            writeEscape(b)
            runStart = i + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
    }

    /// Appends the escape for `b`, a quote, a backslash or a control character.
    private mutating func writeEscape(_ b: UInt8) {
        let short: UInt8? =
            switch b {
            case UInt8(ascii: "\""): UInt8(ascii: "\"")
            case UInt8(ascii: "\\"): UInt8(ascii: "\\")
            case UInt8(ascii: "\n"): UInt8(ascii: "n")
            case UInt8(ascii: "\r"): UInt8(ascii: "r")
            case UInt8(ascii: "\t"): UInt8(ascii: "t")
            case 0x08: UInt8(ascii: "b")
            case 0x0C: UInt8(ascii: "f")
            default: nil
            }
        bytes.append(UInt8(ascii: "\\"))
        if let short {
            bytes.append(short)
        } else {
            bytes.append(contentsOf: "u00".utf8)
            bytes.append(Self.hexDigits[Int(b >> 4)])
            bytes.append(Self.hexDigits[Int(b & 0xF)])
        }
    }
}
